/**
 * The project's own description of the Quatrix API answers it uses: per endpoint (method, path template,
 * status), every field of a full answer with its JSON type, and which fields the product requires (the
 * client rejects an answer without them; see the JSDoc of each `QuatrixClient` method). Everything else
 * the client reads is optional, with a documented default.
 *
 * Sources: the published swagger (Swagger 2.0, an older snapshot), the newer API page and what Quatrix's
 * production clients show (the chunk answer is a JSON string, finalize's `modified` an integer,
 * `modified_ms` seconds with a fraction, `/file/info` carries `widget_metadata`). `npm run contract:swagger
 * -- <swagger.json>` checks this description against a swagger file; the contract test checks the
 * emulator's answers against it. Nothing here reads files outside the repository.
 */

/** JSON types; an `integer` is a JSON number without a fraction (compatible with the swagger's `number`). */
export type JsonType = 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array';

/** One field (or a whole body). */
export interface FieldSpec {
  type: JsonType;
  /** The product cannot work without it: an answer without it is a `QuatrixResponseError`. */
  required?: boolean;
  /** A string format worth checking: ids are UUIDs. */
  format?: 'uuid' | 'email';
  /** An array's items. */
  items?: FieldSpec;
  /** An object's fields; without them the object is free-form (any content). */
  fields?: Record<string, FieldSpec>;
  /** When the field is in a full answer only sometimes, why; otherwise a full answer always has it. */
  onlyWhen?: string;
}

/** One answer of an endpoint. */
export interface AnswerSpec {
  status: number;
  body: FieldSpec;
  /** Shown by the newer API page or production clients only: the swagger lists no such status. */
  newer?: boolean;
}

/** One endpoint the product calls. */
export interface EndpointSpec {
  method: 'GET' | 'POST';
  /** Path template below the base, e.g. `/widget/metadata/{id}`. */
  path: string;
  /** `api`: under `/api/1.0`; `site`: at the site root (the chunk protocol). */
  base: 'api' | 'site';
  /** The `QuatrixClient` method that calls it. */
  client: string;
  /** Its success answers. Failures are {@link ERROR_BODY}, unless an answer here has their status. */
  answers: AnswerSpec[];
}

// ---- building blocks -----------------------------------------------------------------------------------

const str = (required = false): FieldSpec => ({ type: 'string', ...(required ? { required } : {}) });
const uuid = (required = false): FieldSpec => ({
  type: 'string',
  format: 'uuid',
  ...(required ? { required } : {}),
});
const int = (required = false): FieldSpec => ({ type: 'integer', ...(required ? { required } : {}) });
const num = (required = false): FieldSpec => ({ type: 'number', ...(required ? { required } : {}) });
const bool = (required = false): FieldSpec => ({ type: 'boolean', ...(required ? { required } : {}) });
/** A free-form object. */
const json = (): FieldSpec => ({ type: 'object' });
const obj = (fields: Record<string, FieldSpec>): FieldSpec => ({ type: 'object', fields });
const list = (items: FieldSpec): FieldSpec => ({ type: 'array', items });
const answer = (status: number, body: FieldSpec, newer = false): AnswerSpec =>
  newer ? { status, body, newer } : { status, body };

/** `SessionLoginResp`. Contacts that may sign in get the same answers as users. */
const SESSION = obj({ session_id: uuid(true) });

/** `UploadLinkResp` / `FileModifyResp`. */
const UPLOAD_LINK = obj({ name: str(), file_id: uuid(), parent_id: uuid(), upload_key: uuid(true) });

/** The fields `FileResp` and `FileMetadataGetResp` share. `created`/`modified` are Unix seconds. */
const FILE_COMMON: Record<string, FieldSpec> = {
  id: uuid(true),
  created: num(),
  modified: num(),
  name: str(),
  parent_id: uuid(),
  size: int(),
  type: str(),
  metadata: json(),
  operations: int(),
  sub_type: str(),
};

/** `FileResp`; `modified_ms` is Unix seconds with a fraction, as production clients read it. */
const FILE_RESP = obj({ ...FILE_COMMON, modified_ms: num() });

/** `Group` of a contact. */
const GROUP = obj({
  id: uuid(),
  name: str(),
  metadata: obj({ is_system: bool(), translation_id: uuid(), visual_order: int() }),
});

// ---- the endpoints ------------------------------------------------------------------------------------

export const ENDPOINTS: EndpointSpec[] = [
  // session
  {
    method: 'GET',
    path: '/session/login',
    base: 'api',
    client: 'login',
    answers: [answer(200, SESSION), answer(207, SESSION)],
  },
  {
    method: 'POST',
    path: '/session/login',
    base: 'api',
    client: 'completeLogin',
    answers: [answer(200, SESSION)],
  },
  {
    method: 'GET',
    path: '/session/keepalive',
    base: 'api',
    client: 'keepalive',
    answers: [answer(200, obj({}))],
  },
  { method: 'GET', path: '/session/logout', base: 'api', client: 'logout', answers: [answer(200, obj({}))] },

  // account and language
  {
    method: 'GET',
    path: '/account/metadata',
    base: 'api',
    client: 'getAccountMetadata',
    answers: [answer(200, obj({ status: str(), title: str(), language: str(), default_logo: bool() }))],
  },
  {
    method: 'GET',
    path: '/languages',
    base: 'api',
    client: 'getLanguages',
    answers: [answer(200, list(obj({ id: str(true), name: str(), filename: str() })))],
  },
  {
    method: 'GET',
    path: '/languages/default',
    base: 'api',
    client: 'getDefaultLanguage',
    answers: [answer(200, obj({ id: str() }))],
  },

  // widget
  {
    method: 'GET',
    path: '/widget/metadata/{id}',
    base: 'api',
    client: 'getWidgetMetadata',
    answers: [answer(200, obj({ id: uuid(), captcha_passed: bool(), files_remaining: int() }))],
  },
  {
    method: 'POST',
    path: '/widget/unblock-captcha/{id}',
    base: 'api',
    client: 'unblockWidgetCaptcha',
    answers: [
      answer(200, obj({ valid: bool(true), files_remaining: int() })),
      // A wrong token, as production clients show /session/unblock-captcha answering it.
      answer(401, obj({ valid: bool(true) }), true),
    ],
  },
  {
    method: 'POST',
    path: '/widget/makedir/{id}',
    base: 'api',
    client: 'makeWidgetDir',
    answers: [
      answer(201, obj({ id: uuid(true), parent_id: uuid(), name: str(), modified: num() })),
      // The folder existed already.
      answer(200, obj({ id: uuid(true), parent_id: uuid(), name: str(), modified: num() })),
    ],
  },
  {
    method: 'POST',
    path: '/widget/upload-link/{id}',
    base: 'api',
    client: 'getWidgetUploadLink',
    answers: [answer(200, obj({ upload_key: uuid(true) }))],
  },
  {
    method: 'POST',
    path: '/upload/chunked/{key}',
    base: 'site',
    client: 'uploadChunk',
    // A JSON string (rclone decodes it as the file id); the client does not read it.
    answers: [answer(200, str())],
  },
  {
    method: 'GET',
    path: '/widget/finalize-upload/{key}',
    base: 'api',
    client: 'finalizeWidgetUpload',
    answers: [answer(200, obj({ id: uuid(true), parent_id: uuid(), size: int(true) }))],
  },

  // upload (authenticated)
  {
    method: 'POST',
    path: '/upload/link',
    base: 'api',
    client: 'getUploadLink',
    answers: [answer(200, UPLOAD_LINK)],
  },
  {
    method: 'POST',
    path: '/file/modify',
    base: 'api',
    client: 'getModifyLink',
    answers: [answer(200, UPLOAD_LINK)],
  },
  {
    method: 'GET',
    path: '/upload/finalize/{key}',
    base: 'api',
    client: 'finalizeUpload',
    // `modified`: whole Unix seconds, as production clients decode it.
    answers: [answer(200, obj({ id: uuid(true), parent_id: uuid(), size: int(true), modified: int() }))],
  },
  {
    method: 'POST',
    path: '/file/makedir',
    base: 'api',
    client: 'makeDir',
    answers: [answer(201, FILE_RESP)],
  },
  {
    method: 'GET',
    path: '/file/metadata/{id}',
    base: 'api',
    client: 'getFileMetadata',
    answers: [answer(200, obj({ ...FILE_COMMON, gid: int(), uid: int(), content: list(FILE_RESP) }))],
  },
  {
    method: 'GET',
    path: '/file/info/{id}',
    base: 'api',
    client: 'getFileInfo',
    answers: [
      answer(
        200,
        obj({
          id: uuid(),
          created: num(),
          modified: num(),
          content_modified: num(),
          name: str(),
          size: int(),
          type: str(),
          file_owner: json(),
          action_role: json(),
          paths: json(),
          widget_metadata: { type: 'object', onlyWhen: 'the file came through a widget' },
        }),
      ),
    ],
  },
  {
    method: 'POST',
    path: '/file/delete',
    base: 'api',
    client: 'deleteFiles',
    answers: [answer(200, obj({ ids: list(uuid()) })), answer(202, obj({ job_id: uuid() }))],
  },
  {
    method: 'GET',
    path: '/profile/info',
    base: 'api',
    client: 'getProfileInfo',
    answers: [answer(200, obj({ user_used: int(), user_limit: int(), acc_used: int(), acc_limit: int() }))],
  },
  {
    method: 'GET',
    path: '/contact',
    base: 'api',
    client: 'listContacts',
    answers: [
      answer(
        200,
        list(
          obj({
            id: uuid(true),
            name: str(),
            email: { type: 'string', format: 'email' },
            type: str(),
            status: str(),
            created: int(),
            owner_id: uuid(),
            readonly: bool(),
            has_key: bool(),
            groups: list(GROUP),
          }),
        ),
      ),
    ],
  },

  // share request and file return
  {
    method: 'POST',
    path: '/share/request',
    base: 'api',
    client: 'requestShare',
    answers: [answer(200, obj({ id: uuid(), url: str(true), job_id: uuid() }))],
  },
  {
    method: 'GET',
    path: '/files-return/metadata/{id}',
    base: 'api',
    client: 'getFilesReturnMetadata',
    answers: [
      answer(
        200,
        obj({
          id: uuid(),
          subject: str(),
          title: str(),
          message: str(),
          sender_name: str(),
          sender_email: str(),
          sender_key: str(),
          user_name: str(),
          user_email: str(),
          locale: str(),
          share_type: str(),
          folder_id: str(),
          activates: num(),
          expires: num(),
          files_per_share: int(),
          pgp_enabled: bool(),
          return_pgp_encrypted: bool(),
        }),
      ),
    ],
  },
  {
    method: 'POST',
    path: '/share/login-pin',
    base: 'api',
    client: 'loginSharePin',
    answers: [answer(200, obj({}))],
  },
  {
    method: 'POST',
    path: '/files-return/makedir/{id}',
    base: 'api',
    client: 'makeFilesReturnDir',
    answers: [
      answer(201, obj({ id: uuid(true), parent_id: uuid(), modified: num() })),
      // The folder existed already (the newer API page: makedir returns the existing folder).
      answer(200, obj({ id: uuid(true), parent_id: uuid(), modified: num() }), true),
    ],
  },
  {
    method: 'POST',
    path: '/files-return/upload-link/{id}',
    base: 'api',
    client: 'getFilesReturnUploadLink',
    answers: [answer(200, obj({ file_id: uuid(), upload_key: uuid(true), parent_id: uuid() }))],
  },
  {
    method: 'POST',
    path: '/files-return/send',
    base: 'api',
    client: 'sendFilesReturn',
    answers: [answer(200, obj({ file_ids: list(uuid()) }), true), answer(202, obj({ job_id: uuid() }))],
  },
];

/** Every failure (4xx/5xx) without an answer of its own above: `{msg, code, details?}`. */
export const ERROR_BODY: FieldSpec = obj({
  msg: str(true),
  code: int(true),
  details: { type: 'object', onlyWhen: 'the call has more to say' },
});

// ---- look-ups ------------------------------------------------------------------------------------------

/** `GET /widget/metadata/{id}`: how endpoints are named in reports. */
export function endpointName(e: Pick<EndpointSpec, 'method' | 'path'>): string {
  return `${e.method} ${e.path}`;
}

/** The endpoint with this method and path template; throws for one the description lacks. */
export function endpoint(method: string, path: string): EndpointSpec {
  const found = ENDPOINTS.find((e) => e.method === method && e.path === path);
  if (!found) throw new Error(`the description has no ${method} ${path}`);
  return found;
}

/** The described answer of an endpoint at a status, if any. */
export function answerOf(method: string, path: string, status: number): AnswerSpec | undefined {
  return endpoint(method, path).answers.find((a) => a.status === status);
}

/**
 * The fields the product requires of an answer, as paths: `session_id`; for a list, `[].id`; in a list
 * field, `content[].id`.
 */
export function requiredFields(method: string, path: string, status: number): string[] {
  const a = answerOf(method, path, status);
  if (!a) throw new Error(`the description has no ${method} ${path} ${status}`);
  const out: string[] = [];
  const walk = (spec: FieldSpec, prefix: string): void => {
    if (spec.type === 'array' && spec.items) walk(spec.items, `${prefix}[].`);
    for (const [key, field] of Object.entries(spec.fields ?? {})) {
      if (field.required) out.push(prefix + key);
      if (field.type === 'array' && field.items) walk(field.items, `${prefix}${key}[].`);
    }
  };
  walk(a.body, '');
  return out;
}

// ---- JSON schemas --------------------------------------------------------------------------------------

export type JsonSchema = Record<string, unknown>;

/**
 * The JSON schema of a *full* answer, the emulator's model: every described field present (except
 * `onlyWhen` ones) with its type and format, nothing undescribed. Free-form objects stay open.
 */
export function fullSchema(spec: FieldSpec): JsonSchema {
  const out: JsonSchema = { type: spec.type };
  if (spec.format) out.format = spec.format;
  if (spec.type === 'array' && spec.items) out.items = fullSchema(spec.items);
  if (spec.type === 'object' && spec.fields) {
    const entries = Object.entries(spec.fields);
    out.properties = Object.fromEntries(entries.map(([k, f]) => [k, fullSchema(f)]));
    out.required = entries.filter(([, f]) => f.onlyWhen === undefined).map(([k]) => k);
    out.additionalProperties = false;
  }
  return out;
}
