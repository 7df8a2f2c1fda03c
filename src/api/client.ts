import { Fields, modifiedMsOf, type BodyContext } from './decode.js';
import {
  errorFromAnswer,
  QuatrixAbortError,
  QuatrixNetworkError,
  QuatrixRedirectError,
  QuatrixResponseError,
  QuatrixTimeoutError,
} from './errors.js';
import type {
  AccountMetadata,
  CaptchaResult,
  Contact,
  DeleteFilesResult,
  FileInfo,
  FileMetadata,
  FilesReturnFolder,
  FilesReturnMetadata,
  FilesReturnSendRequest,
  FilesReturnSendResult,
  FilesReturnUploadLink,
  FilesReturnUploadLinkRequest,
  FinalizeResult,
  Language,
  MakeDirRequest,
  ModifyLinkRequest,
  ProfileInfo,
  QuatrixAuth,
  RequestOptions,
  ShareRequestRequest,
  ShareRequestResult,
  UploadLink,
  UploadLinkRequest,
  WidgetFinalizeResult,
  WidgetFolder,
  WidgetMetadata,
  WidgetUploadLink,
  WidgetUploadLinkRequest,
} from './types.js';

/** Options of a {@link QuatrixClient}. */
export interface QuatrixClientOptions {
  /** The site's base URL, e.g. `https://acme.quatrix.it`. The API is under `/api/1.0`. */
  site: string;
  /** How to authenticate; default `{type: 'none'}`. */
  auth?: QuatrixAuth | undefined;
  /** A visitor session to continue (public endpoints only); normally learned from the server. */
  visitorToken?: string | undefined;
  /** Time limit per call in milliseconds (default 30 000; 0: none). */
  timeout?: number | undefined;
  /** Cookie policy; default `include` for public and session auth (the server may rely on its cookie), `omit` for API keys. */
  credentials?: RequestCredentials | undefined;
  /** The `fetch` to use; default `globalThis.fetch`. */
  fetch?: typeof globalThis.fetch | undefined;
}

/** Result of `login()`. */
export interface LoginResult {
  sessionId: string;
  /** The account needs a second factor (HTTP 207); finish with `completeLogin()`. */
  mfaRequired: boolean;
  /** Which one, from the `Mfa-Code` header when the server sent it: 61 or 71 (2FA), 73 (PIN). */
  mfaCode?: number | undefined;
}

interface CallInit extends RequestOptions {
  query?: Record<string, string | number | undefined> | undefined;
  json?: unknown;
  body?: BodyInit | undefined;
  headers?: Record<string, string> | undefined;
  /** `api` (default): under `/api/1.0`; `site`: at the site root (the chunk protocol). */
  base?: 'api' | 'site' | undefined;
  /** A non-2xx answer whose JSON body this accepts is returned as an answer instead of thrown. */
  answerOn?: ((status: number, body: unknown) => boolean) | undefined;
}

interface Answer {
  status: number;
  headers: Headers;
  body: unknown;
  ctx: BodyContext;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const MAX_TIMER_MS = 2 ** 31 - 1;

function checkTimeout(timeout: number | undefined): void {
  if (timeout !== undefined && !(typeof timeout === 'number' && timeout >= 0)) {
    throw new TypeError('QuatrixClient: "timeout" must be a number of milliseconds >= 0 (0: none)');
  }
}
const SESSION_HEADER = 'X-Auth-Token';

/** Sentinel reason that tells a time-out apart from a caller's abort. */
class TimeoutSignal {}

/**
 * Typed client of the Quatrix API. Framework-free: it needs only `fetch`, `AbortController` and `URL`.
 * Field names are camelCase here and snake_case on the wire.
 * Every failure rejects with a subclass of `QuatrixRequestError`.
 *
 * Answers are decoded tolerantly, as Quatrix's own clients do (every field of their models is optional):
 * each method's JSDoc lists the fields it *requires*; when one is missing, `null` or of the wrong type the
 * call rejects with a `QuatrixResponseError` whose `field` names it. Every other field is optional: absent,
 * `null` or of the wrong type, it reads as the default its type documents. Numbers may come as numeric
 * strings; unknown fields are ignored.
 */
export class QuatrixClient {
  /** Site root without a trailing slash. */
  readonly siteUrl: string;
  /** API root (`{site}/api/1.0`). */
  readonly apiUrl: string;
  private _auth: QuatrixAuth;
  private _visitorToken: string | undefined;
  private readonly timeout: number;
  private readonly credentials: RequestCredentials | undefined;
  private readonly fetchImpl: typeof globalThis.fetch;

  constructor(options: QuatrixClientOptions) {
    let site: URL;
    try {
      site = new URL(options.site);
    } catch {
      throw new TypeError(
        `QuatrixClient: "site" must be an absolute URL, got ${JSON.stringify(options.site)}`,
      );
    }
    if (site.protocol !== 'https:' && site.protocol !== 'http:') {
      throw new TypeError(`QuatrixClient: "site" must be an http(s) URL, got ${site.protocol}`);
    }
    checkTimeout(options.timeout);
    this.siteUrl = site.origin + site.pathname.replace(/\/+$/, '');
    this.apiUrl = `${this.siteUrl}/api/1.0`;
    this._auth = options.auth ?? { type: 'none' };
    this._visitorToken = options.visitorToken;
    this.timeout = options.timeout ?? DEFAULT_TIMEOUT_MS;
    this.credentials = options.credentials;
    const fetchImpl = options.fetch ?? globalThis.fetch;
    if (typeof fetchImpl !== 'function') throw new TypeError('QuatrixClient: no fetch is available');
    this.fetchImpl = fetchImpl.bind(globalThis);
  }

  /** The current authentication. */
  get auth(): QuatrixAuth {
    return this._auth;
  }

  set auth(auth: QuatrixAuth) {
    this._auth = auth;
  }

  /** The visitor session the server assigned to this client (public endpoints), if any. */
  get visitorToken(): string | undefined {
    return this._visitorToken;
  }

  /**
   * Headers that authenticate a request to this site: the one place they are made, so that the upload
   * engine's chunk requests carry exactly what API calls carry.
   */
  authHeaders(): Record<string, string> {
    switch (this._auth.type) {
      case 'apiKey':
        return { Authorization: `Bearer ${this._auth.apiKey}` };
      case 'session':
        return { [SESSION_HEADER]: this._auth.sessionToken };
      case 'none':
        return this._visitorToken ? { [SESSION_HEADER]: this._visitorToken } : {};
    }
  }

  /** Cookie policy of this client's requests. */
  get requestCredentials(): RequestCredentials {
    return this.credentials ?? (this._auth.type === 'apiKey' ? 'omit' : 'include');
  }

  /** URL of the chunk endpoint for an upload key (site root, not under `/api/1.0`). */
  chunkUrl(uploadKey: string): string {
    return `${this.siteUrl}/upload/chunked/${encodeURIComponent(uploadKey)}`;
  }

  /** URL of the site's logo image (`GET /account/logo`). */
  get logoUrl(): string {
    return `${this.apiUrl}/account/logo`;
  }

  // ---- session -------------------------------------------------------------------------------------

  /**
   * Logs in with e-mail and password (HTTP Basic), as a user or as a contact. On success the client
   * switches to session auth. When the account needs a second factor, `mfaRequired` is set (and
   * `mfaCode` when the server says which); finish with `completeLogin()`.
   * Requires `session_id`.
   */
  async login(email: string, password: string, options?: RequestOptions): Promise<LoginResult> {
    const answer = await this.call('GET', '/session/login', {
      ...options,
      headers: { Authorization: `Basic ${base64Utf8(`${email}:${password}`)}` },
    });
    const sessionId = Fields.of(answer.body, answer.ctx).str('session_id');
    this._auth = { type: 'session', sessionToken: sessionId };
    if (answer.status === 207) {
      // The header may be missing (or hidden by CORS): the second factor is still needed.
      const header = answer.headers.get('Mfa-Code');
      const mfaCode = header === null || header.trim() === '' ? undefined : Number(header);
      return { sessionId, mfaRequired: true, mfaCode: Number.isInteger(mfaCode) ? mfaCode : undefined };
    }
    return { sessionId, mfaRequired: false };
  }

  /** Finishes a login that answered `mfaRequired`, with a 2FA code or a PIN. Requires `session_id`. */
  async completeLogin(authType: '2FA' | 'PIN', code: string, options?: RequestOptions): Promise<LoginResult> {
    const answer = await this.call('POST', '/session/login', {
      ...options,
      json: { auth_type: authType, code: base64Utf8(code) },
    });
    const sessionId = Fields.of(answer.body, answer.ctx).str('session_id');
    this._auth = { type: 'session', sessionToken: sessionId };
    return { sessionId, mfaRequired: false };
  }

  /** Extends the session by another idle period (15 minutes on Quatrix). */
  async keepalive(options?: RequestOptions): Promise<void> {
    await this.call('GET', '/session/keepalive', options);
  }

  /** Ends the session; the client falls back to no auth. */
  async logout(options?: RequestOptions): Promise<void> {
    await this.call('GET', '/session/logout', options);
    this._auth = { type: 'none' };
  }

  // ---- widget (public) -----------------------------------------------------------------------------

  /**
   * What this visitor session may do with a widget; code 91 when the widget does not exist.
   * Requires nothing: an older server answers only `{id}` (see {@link WidgetMetadata} for the defaults).
   */
  async getWidgetMetadata(widgetId: string, options?: RequestOptions): Promise<WidgetMetadata> {
    const f = await this.object('GET', `/widget/metadata/${seg(widgetId)}`, options);
    return {
      id: f.optStr('id', widgetId),
      captchaPassed: f.optBool('captcha_passed', true),
      filesRemaining: f.optNum('files_remaining', undefined),
    };
  }

  /**
   * Posts a CAPTCHA provider's token for this visitor session. Requires `valid`. A refused token may
   * come as 200 `{valid: false}` or as 401 `{valid: false}` (as `/session/unblock-captcha` answers it):
   * both resolve to `{valid: false}`.
   */
  async unblockWidgetCaptcha(
    widgetId: string,
    token: string,
    options?: RequestOptions,
  ): Promise<CaptchaResult> {
    const answer = await this.call('POST', `/widget/unblock-captcha/${seg(widgetId)}`, {
      ...options,
      json: { token },
      answerOn: (status, body) =>
        status === 401 &&
        typeof body === 'object' &&
        body !== null &&
        'valid' in body &&
        body.valid === false,
    });
    const f = Fields.of(answer.body, answer.ctx);
    return { valid: f.bool('valid'), filesRemaining: f.optNum('files_remaining', undefined) };
  }

  /**
   * Makes (or finds, when the name exists) a folder in the widget's folder. Codes 78, 79, 91.
   * Requires `id`.
   */
  async makeWidgetDir(
    widgetId: string,
    request: { name: string; parentId?: string | undefined },
    options?: RequestOptions,
  ): Promise<WidgetFolder> {
    const f = await this.object('POST', `/widget/makedir/${seg(widgetId)}`, {
      ...options,
      json: { name: request.name, parent_id: request.parentId },
    });
    return {
      id: f.str('id'),
      parentId: f.optStr('parent_id', request.parentId ?? ''),
      name: f.optStr('name', request.name),
      modified: f.optNum('modified', 0),
    };
  }

  /** Gets an upload key for one file through the widget. Codes 78, 79, 91. Requires `upload_key`. */
  async getWidgetUploadLink(
    widgetId: string,
    request: WidgetUploadLinkRequest,
    options?: RequestOptions,
  ): Promise<WidgetUploadLink> {
    const f = await this.object('POST', `/widget/upload-link/${seg(widgetId)}`, {
      ...options,
      json: {
        file_size: request.fileSize,
        name: request.name,
        parent_id: request.parentId,
        payload: request.payload,
      },
    });
    return { uploadKey: f.str('upload_key') };
  }

  /**
   * Finalizes a widget upload once all its bytes are sent. Requires `id` and `size` (the stored size, to
   * compare with the local one).
   */
  async finalizeWidgetUpload(uploadKey: string, options?: RequestOptions): Promise<WidgetFinalizeResult> {
    const f = await this.object('GET', `/widget/finalize-upload/${seg(uploadKey)}`, options);
    return { id: f.str('id'), parentId: f.optStr('parent_id', ''), size: f.num('size') };
  }

  // ---- upload (authenticated) ----------------------------------------------------------------------

  /** Gets an upload key for a new file in a folder. Requires `upload_key`. */
  async getUploadLink(request: UploadLinkRequest, options?: RequestOptions): Promise<UploadLink> {
    const f = await this.object('POST', '/upload/link', {
      ...options,
      json: {
        name: request.name,
        parent_id: request.parentId,
        resolve: request.resolve,
        file_size: request.fileSize,
      },
    });
    return readUploadLink(f, { name: request.name, fileId: '', parentId: request.parentId });
  }

  /**
   * Gets an upload key that replaces the content of an existing file; `truncate` is sent as given.
   * Requires `upload_key`.
   */
  async getModifyLink(request: ModifyLinkRequest, options?: RequestOptions): Promise<UploadLink> {
    const f = await this.object('POST', '/file/modify', {
      ...options,
      json: { id: request.id, truncate: request.truncate, name: request.name },
    });
    return readUploadLink(f, { name: request.name ?? '', fileId: request.id, parentId: '' });
  }

  /**
   * Sends one chunk of an upload (`Content-Range: bytes start-end/total`). The answer (a JSON string on
   * production servers) is not read.
   */
  async uploadChunk(
    uploadKey: string,
    chunk: Blob,
    offset: number,
    total: number,
    options?: RequestOptions,
  ): Promise<void> {
    const end = offset + chunk.size - 1;
    await this.call('POST', `/upload/chunked/${seg(uploadKey)}`, {
      ...options,
      base: 'site',
      body: chunk,
      headers: {
        'Content-Type': 'application/octet-stream',
        'Content-Range': `bytes ${offset}-${end}/${total}`,
      },
    });
  }

  /**
   * Finalizes an upload; `mtime` (Unix seconds, fractional) becomes the file's modification time.
   * Requires `id` and `size` (the stored size, to compare with the local one).
   */
  async finalizeUpload(uploadKey: string, mtime?: number, options?: RequestOptions): Promise<FinalizeResult> {
    const f = await this.object('GET', `/upload/finalize/${seg(uploadKey)}`, {
      ...options,
      query: { mtime },
    });
    return {
      id: f.str('id'),
      parentId: f.optStr('parent_id', ''),
      size: f.num('size'),
      modified: f.optNum('modified', 0),
    };
  }

  /** Makes a folder. Requires `id` (see {@link FileMetadata} for the defaults). */
  async makeDir(request: MakeDirRequest, options?: RequestOptions): Promise<FileMetadata> {
    const f = await this.object('POST', '/file/makedir', {
      ...options,
      json: { target: request.target, name: request.name, resolve: request.resolve },
    });
    return readFileMetadata(f);
  }

  /**
   * A file's or folder's metadata; for a folder, with its content (`[]` when not said). Requires `id`,
   * also of every entry of `content` (see {@link FileMetadata} for the defaults).
   */
  async getFileMetadata(
    id: string,
    options?: RequestOptions,
  ): Promise<FileMetadata & { content: FileMetadata[] }> {
    const answer = await this.call('GET', `/file/metadata/${seg(id)}`, { ...options, query: { content: 1 } });
    const f = Fields.of(answer.body, answer.ctx);
    return { ...readFileMetadata(f), content: f.optList('content').map(readFileMetadata) };
  }

  /**
   * One file's facts with the payload a widget upload carried (`widget_metadata`). Requires nothing
   * (see {@link FileInfo} for the defaults).
   */
  async getFileInfo(id: string, options?: RequestOptions): Promise<FileInfo> {
    const f = await this.object('GET', `/file/info/${seg(id)}`, options);
    return {
      id: f.optStr('id', id),
      name: f.optStr('name', ''),
      size: f.optNum('size', 0),
      type: f.optStr('type', ''),
      created: f.optNum('created', 0),
      modified: f.optNum('modified', 0),
      widgetMetadata: f.optRecord('widget_metadata'),
    };
  }

  /**
   * Deletes files or folders, e.g. the file an upload reserved before it failed for good. Answers the
   * deleted ids (HTTP 200) or the job that deletes them (HTTP 202). Requires nothing: an answer with
   * neither reads as `{ids: []}`.
   */
  async deleteFiles(ids: readonly string[], options?: RequestOptions): Promise<DeleteFilesResult> {
    if (ids.length === 0) throw new TypeError('QuatrixClient: deleteFiles needs at least one id');
    const f = await this.object('POST', '/file/delete', { ...options, json: { ids } });
    const jobId = f.optStr('job_id', undefined);
    return jobId !== undefined && !f.has('ids') ? { jobId } : { ids: f.optStrList('ids', []) };
  }

  /** The entry of a folder with this exact name, if any. */
  async findChild(
    folderId: string,
    name: string,
    options?: RequestOptions,
  ): Promise<FileMetadata | undefined> {
    return (await this.getFileMetadata(folderId, options)).content.find((entry) => entry.name === name);
  }

  /** The signed-in user's storage quota. Requires nothing: limits read as -1 (none), use as 0. */
  async getProfileInfo(options?: RequestOptions): Promise<ProfileInfo> {
    const f = await this.object('GET', '/profile/info', options);
    return {
      userUsed: f.optNum('user_used', 0),
      userLimit: f.optNum('user_limit', -1),
      accUsed: f.optNum('acc_used', 0),
      accLimit: f.optNum('acc_limit', -1),
    };
  }

  /** The signed-in user's contacts. Requires `id` of each (see {@link Contact} for the defaults). */
  async listContacts(options?: RequestOptions): Promise<Contact[]> {
    const answer = await this.call('GET', '/contact', options);
    return Fields.list(answer.body, answer.ctx).map((f) => ({
      id: f.str('id'),
      name: f.optStr('name', ''),
      email: f.optStr('email', ''),
      type: f.optStr('type', ''),
      status: f.optStr('status', ''),
      created: f.optNum('created', 0),
      ownerId: f.optStr('owner_id', ''),
    }));
  }

  // ---- share request and file return ---------------------------------------------------------------

  /**
   * Asks contacts to send files; answers the page they open. With `requestAuth` (the server's default)
   * the recipient must sign in before uploading. Requires `url`.
   */
  async requestShare(request: ShareRequestRequest, options?: RequestOptions): Promise<ShareRequestResult> {
    const f = await this.object('POST', '/share/request', {
      ...options,
      json: {
        ids: request.ids,
        message: request.message,
        send_email: request.sendEmail,
        request_auth: request.requestAuth,
        return_pgp_encrypted: request.returnPgpEncrypted,
        folder_id: request.folderId,
      },
    });
    return { id: f.optStr('id', ''), url: f.str('url'), jobId: f.optStr('job_id', '') };
  }

  /**
   * The file request as its recipient sees it. Codes 73 (PIN needed), 60 (expired), 70, 20; a request
   * that needs its recipient signed in fails so that `isSignInRequired()` is true.
   * Requires nothing (see {@link FilesReturnMetadata} for the defaults).
   */
  async getFilesReturnMetadata(requestId: string, options?: RequestOptions): Promise<FilesReturnMetadata> {
    const f = await this.object('GET', `/files-return/metadata/${seg(requestId)}`, options);
    return {
      id: f.optStr('id', requestId),
      subject: f.optStr('subject', ''),
      title: f.optStr('title', ''),
      message: f.optStr('message', ''),
      senderName: f.optStr('sender_name', ''),
      senderEmail: f.optStr('sender_email', ''),
      userName: f.optStr('user_name', ''),
      userEmail: f.optStr('user_email', ''),
      locale: f.optStr('locale', ''),
      shareType: f.optStr('share_type', ''),
      folderId: f.optStr('folder_id', ''),
      activates: f.optNum('activates', 0),
      expires: f.optNum('expires', 0),
      filesPerShare: f.optNum('files_per_share', undefined),
      pgpEnabled: f.optBool('pgp_enabled', false),
      returnPgpEncrypted: f.optBool('return_pgp_encrypted', false),
      senderKey: f.optStr('sender_key', ''),
    };
  }

  /** Unlocks a PIN-protected request for this visitor session; code 84 for a wrong PIN. */
  async loginSharePin(requestId: string, pin: string, options?: RequestOptions): Promise<void> {
    await this.call('POST', '/share/login-pin', {
      ...options,
      json: { id: requestId, pin: base64Utf8(pin) },
    });
  }

  /** Makes (or finds) a folder in a return. Requires `id`. */
  async makeFilesReturnDir(
    requestId: string,
    request: { name: string; parentId?: string | undefined },
    options?: RequestOptions,
  ): Promise<FilesReturnFolder> {
    const f = await this.object('POST', `/files-return/makedir/${seg(requestId)}`, {
      ...options,
      json: { name: request.name, parent_id: request.parentId },
    });
    return {
      id: f.str('id'),
      parentId: f.optStr('parent_id', request.parentId ?? ''),
      modified: f.optNum('modified', 0),
    };
  }

  /**
   * Gets an upload key for one returned file; then send chunks and `finalizeUpload`.
   * Requires `upload_key`.
   */
  async getFilesReturnUploadLink(
    requestId: string,
    request: FilesReturnUploadLinkRequest,
    options?: RequestOptions,
  ): Promise<FilesReturnUploadLink> {
    const f = await this.object('POST', `/files-return/upload-link/${seg(requestId)}`, {
      ...options,
      json: { name: request.name, parent_id: request.parentId, file_size: request.fileSize },
    });
    return {
      fileId: f.optStr('file_id', ''),
      uploadKey: f.str('upload_key'),
      parentId: f.optStr('parent_id', request.parentId ?? ''),
    };
  }

  /**
   * Returns the uploaded files to the requester, with an optional message. Requires nothing: the sent
   * ids (200), else the job (202), else `{fileIds: []}`.
   */
  async sendFilesReturn(
    request: FilesReturnSendRequest,
    options?: RequestOptions,
  ): Promise<FilesReturnSendResult> {
    const f = await this.object('POST', '/files-return/send', {
      ...options,
      json: { id: request.id, files: request.files, message: request.message },
    });
    const jobId = f.optStr('job_id', undefined);
    return jobId !== undefined && !f.has('file_ids') ? { jobId } : { fileIds: f.optStrList('file_ids', []) };
  }

  // ---- language and account ------------------------------------------------------------------------

  /** Languages the site offers (needs auth). Requires `id` of each. */
  async getLanguages(options?: RequestOptions): Promise<Language[]> {
    const answer = await this.call('GET', '/languages', options);
    return Fields.list(answer.body, answer.ctx).map((f) => {
      const id = f.str('id');
      return { id, name: f.optStr('name', id), filename: f.optStr('filename', '') };
    });
  }

  /** The site's default language id; `''` when the server does not say. Requires nothing. */
  async getDefaultLanguage(options?: RequestOptions): Promise<string> {
    return (await this.object('GET', '/languages/default', options)).optStr('id', '');
  }

  /**
   * The site's public branding: title and language. Requires nothing (see {@link AccountMetadata} for
   * the defaults).
   */
  async getAccountMetadata(options?: RequestOptions): Promise<AccountMetadata> {
    const f = await this.object('GET', '/account/metadata', options);
    return {
      status: f.optStr('status', ''),
      title: f.optStr('title', ''),
      language: f.optStr('language', ''),
      defaultLogo: f.optBool('default_logo', true),
    };
  }

  // ---- transport -----------------------------------------------------------------------------------

  private async object(method: string, path: string, init?: CallInit): Promise<Fields> {
    const answer = await this.call(method, path, init);
    return Fields.of(answer.body, answer.ctx);
  }

  private async call(method: string, path: string, init: CallInit = {}): Promise<Answer> {
    const url = new URL((init.base === 'site' ? this.siteUrl : this.apiUrl) + path);
    for (const [key, value] of Object.entries(init.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const href = url.href;
    const headers: Record<string, string> = {
      Accept: 'application/json',
      ...this.authHeaders(),
      ...init.headers,
    };
    let body = init.body;
    if (init.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(init.json);
    }

    const outer = init.signal;
    if (outer?.aborted) throw new QuatrixAbortError(method, href, outer.reason);
    const controller = new AbortController();
    const onAbort = (): void => controller.abort(outer?.reason);
    outer?.addEventListener('abort', onAbort, { once: true });
    checkTimeout(init.timeout);
    const limit = init.timeout ?? this.timeout;
    // Beyond setTimeout's 32-bit range (e.g. Infinity) means no limit, not an instant time-out.
    const timer =
      limit > 0 && limit <= MAX_TIMER_MS
        ? setTimeout(() => controller.abort(new TimeoutSignal()), limit)
        : undefined;
    const failure = (cause: unknown): Error => {
      if (controller.signal.aborted) {
        return controller.signal.reason instanceof TimeoutSignal
          ? new QuatrixTimeoutError(method, href, limit)
          : new QuatrixAbortError(method, href, controller.signal.reason);
      }
      return new QuatrixNetworkError(method, href, cause);
    };

    try {
      let response: Response;
      try {
        response = await this.fetchImpl(href, {
          method,
          headers,
          body,
          signal: controller.signal,
          credentials: this.requestCredentials,
          // Never follow: the credentials in the headers would go along to wherever it points.
          redirect: 'manual',
        });
      } catch (error) {
        throw failure(error);
      }
      // Browsers give an opaque redirect (status 0); Node's fetch gives the 3xx itself.
      if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400))
        throw new QuatrixRedirectError(method, href, response.status);
      this.learnVisitorToken(response);
      let text: string;
      try {
        text = await response.text();
      } catch (error) {
        throw failure(error);
      }
      return this.interpret(method, href, response, text, init.answerOn);
    } finally {
      if (timer !== undefined) clearTimeout(timer);
      outer?.removeEventListener('abort', onAbort);
    }
  }

  private learnVisitorToken(response: Response): void {
    const token = response.headers.get(SESSION_HEADER);
    if (token && this._auth.type === 'none') this._visitorToken = token;
  }

  private interpret(
    method: string,
    url: string,
    response: Response,
    text: string,
    answerOn: CallInit['answerOn'],
  ): Answer {
    const ctx: BodyContext = { method, url, status: response.status };
    if (!response.ok) {
      if (answerOn) {
        const body = parseOrUndefined(text);
        if (answerOn(response.status, body))
          return { status: response.status, headers: response.headers, body, ctx };
      }
      throw errorFromAnswer(method, url, response.status, text, response.headers.get('Retry-After'));
    }
    let body: unknown;
    if (text.trim() !== '') {
      try {
        body = JSON.parse(text);
      } catch (error) {
        throw new QuatrixResponseError('body is not JSON', method, url, response.status, text.slice(0, 200), {
          cause: error,
        });
      }
    }
    return { status: response.status, headers: response.headers, body, ctx };
  }
}

function parseOrUndefined(text: string): unknown {
  try {
    return text.trim() === '' ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** `FileResp`: only `id` is required. */
function readFileMetadata(f: Fields): FileMetadata {
  return {
    id: f.str('id'),
    name: f.optStr('name', ''),
    parentId: f.optStr('parent_id', ''),
    size: f.optNum('size', 0),
    created: f.optNum('created', 0),
    modified: f.optNum('modified', 0),
    modifiedMs: modifiedMsOf(f),
    type: f.optStr('type', ''),
    subType: f.optStr('sub_type', ''),
    operations: f.optNum('operations', 0),
    metadata: f.optRecord('metadata'),
  };
}

/** `upload/link` and `file/modify`: only `upload_key` is required; the rest defaults to what was asked. */
function readUploadLink(f: Fields, asked: Omit<UploadLink, 'uploadKey'>): UploadLink {
  return {
    name: f.optStr('name', asked.name),
    fileId: f.optStr('file_id', asked.fileId),
    parentId: f.optStr('parent_id', asked.parentId),
    uploadKey: f.str('upload_key'),
  };
}

/** Whether a file type is a folder: `D` folder, `S` project folder and `T` (as rclone treats them). */
export function isFolderType(type: string): boolean {
  return type === 'D' || type === 'S' || type === 'T';
}

/** One path segment, escaped: ids come from callers and must not change the path. */
function seg(value: string): string {
  if (value === '') throw new TypeError('QuatrixClient: an id must not be empty');
  return encodeURIComponent(value);
}

/** Base64 of the UTF-8 bytes of a string (btoa alone fails on non-Latin-1 passwords). */
export function base64Utf8(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}
