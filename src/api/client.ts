import { Fields } from './decode.js';
import type {
  Contact,
  DeleteFilesResult,
  FileInfo,
  FileMetadata,
  FinalizeResult,
  MakeDirRequest,
  ModifyLinkRequest,
  ProfileInfo,
  RequestOptions,
  PgpPublicKey,
  Profile,
  ShareRequestRequest,
  ShareRequestResult,
  UploadLink,
  UploadLinkRequest,
} from './types.js';
import { QuatrixPublicApi } from './public-api.js';
import { base64Utf8, readFileMetadata, readUploadLink, seg } from './wire.js';

export type { QuatrixClientOptions } from './http.js';
export { base64Utf8, isFolderType } from './wire.js';

/** Result of `login()`. */
export interface LoginResult {
  sessionId: string;
  /** The account needs a second factor (HTTP 207); finish with `completeLogin()`. */
  mfaRequired: boolean;
  /** Which one, from the `Mfa-Code` header when the server sent it: 61 or 71 (2FA), 73 (PIN). */
  mfaCode?: number | undefined;
}

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
export class QuatrixClient extends QuatrixPublicApi {
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
    this.auth = { type: 'session', sessionToken: sessionId };
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
    this.auth = { type: 'session', sessionToken: sessionId };
    return { sessionId, mfaRequired: false };
  }

  /** Extends the session by another idle period (15 minutes on Quatrix). */
  async keepalive(options?: RequestOptions): Promise<void> {
    await this.call('GET', '/session/keepalive', options);
  }

  /** Ends the session; the client falls back to no auth. */
  async logout(options?: RequestOptions): Promise<void> {
    await this.call('GET', '/session/logout', options);
    this.auth = { type: 'none' };
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

  /** Who is signed in. Requires `id`. */
  async getProfile(options?: RequestOptions): Promise<Profile> {
    const f = await this.object('GET', '/profile', options);
    return {
      id: f.str('id'),
      name: f.optStr('name', ''),
      email: f.optStr('email', ''),
      homeId: f.optStr('home_id', ''),
    };
  }

  /**
   * A user's public PGP key. Requires `public`; the answer's private key is not read. Fails with
   * code 51 (403) when PGP management is off for the site, and with 404 when the user has no key.
   */
  async getUserPgpKey(userId: string, options?: RequestOptions): Promise<PgpPublicKey> {
    const f = await this.object('GET', `/user/pgp-key/${seg(userId)}`, options);
    return {
      id: f.optStr('id', ''),
      name: f.optStr('name', ''),
      email: f.optStr('email', ''),
      publicKey: f.str('public'),
      created: f.optNum('created', 0),
      modified: f.optNum('modified', 0),
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
}
