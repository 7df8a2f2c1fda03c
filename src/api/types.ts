/** How the client proves who it is. Secrets live only here, and travel only in request headers. */
export type QuatrixAuth =
  /** Public endpoints (widget, file-request page): the server's visitor session is kept automatically. */
  | { readonly type: 'none' }
  /** `Authorization: Bearer {apiKey}` on every call. */
  | { readonly type: 'apiKey'; readonly apiKey: string }
  /** `X-Auth-Token: {sessionToken}` on every call, from `login()` or an app that already has a session. */
  | { readonly type: 'session'; readonly sessionToken: string };

/** Options of every call. */
export interface RequestOptions {
  /** Aborts the call; it then rejects with `QuatrixAbortError`. */
  signal?: AbortSignal | undefined;
  /** Time limit for this call in milliseconds; overrides the client's `timeout`. 0: none. */
  timeout?: number | undefined;
}

/** `GET /widget/metadata/{id}`: what this visitor's session may do with the widget. */
export interface WidgetMetadata {
  /** The widget's id; the requested id when the server leaves it out. */
  id: string;
  /**
   * Whether this session has passed the CAPTCHA (always true when the widget needs none). True when the
   * server does not say (an older server answers only `{id}`): a CAPTCHA demanded later comes as code 78.
   */
  captchaPassed: boolean;
  /** How many more files this session may send; undefined: the server did not say (unknown). */
  filesRemaining: number | undefined;
}

/** `POST /widget/unblock-captcha/{id}`. */
export interface CaptchaResult {
  /** Whether the provider accepted the token. */
  valid: boolean;
  /** How many more files this session may send; undefined: the server did not say (unknown). */
  filesRemaining: number | undefined;
}

/** A folder made by `makedir` of the widget. */
export interface WidgetFolder {
  id: string;
  /** The parent folder's id; the requested `parentId`, or `''` (the widget's folder), when not said. */
  parentId: string;
  /** The folder's name; the requested name when not said. */
  name: string;
  /** Unix seconds; 0 when not said. */
  modified: number;
}

/** Body of `POST /widget/upload-link/{id}`. */
export interface WidgetUploadLinkRequest {
  name: string;
  /** Size in bytes. */
  fileSize: number;
  /** Folder made with `makeWidgetDir`; none: the widget's own folder. */
  parentId?: string | undefined;
  /** Free-form metadata travelling with the file (sender name, e-mail, message…). */
  payload?: Record<string, unknown> | undefined;
}

/** An upload key: the capability to send the chunks of one file. */
export interface WidgetUploadLink {
  uploadKey: string;
}

/** `GET /widget/finalize-upload/{key}`. */
export interface WidgetFinalizeResult {
  id: string;
  /** The folder that holds the file; `''` when not said. */
  parentId: string;
  /** Stored size in bytes; compare with the local size. */
  size: number;
}

/** Body of `POST /upload/link`. */
export interface UploadLinkRequest {
  name: string;
  parentId: string;
  /** Rename on a name clash (`true`, the server's default) or fail with code 30 (`false`). */
  resolve?: boolean | undefined;
  fileSize?: number | undefined;
}

/** Body of `POST /file/modify`: new content for an existing file. */
export interface ModifyLinkRequest {
  id: string;
  /** Sent as given; production uploaders send 0 when they replace the whole content. */
  truncate?: number | undefined;
  name?: string | undefined;
}

/** `POST /upload/link` and `POST /file/modify`. */
export interface UploadLink {
  /** The name the file will have (after a rename on a clash); the requested name when not said. */
  name: string;
  /** The reserved file's id; the modified file's id for `file/modify`, else `''` when not said. */
  fileId: string;
  /** The folder that holds the file; the requested folder for `upload/link`, else `''` when not said. */
  parentId: string;
  uploadKey: string;
}

/** `GET /upload/finalize/{key}`. */
export interface FinalizeResult {
  id: string;
  /** The folder that holds the file; `''` when not said. */
  parentId: string;
  /** Stored size in bytes; compare with the local size. */
  size: number;
  /** Unix seconds, whole or fractional (production servers answer whole seconds); 0 when not said. */
  modified: number;
}

/** Body of `POST /file/makedir`. */
export interface MakeDirRequest {
  /** Parent folder id. */
  target: string;
  name: string;
  /** Rename on a name clash (default true); false: fail with code 30. */
  resolve?: boolean | undefined;
}

/**
 * File or folder metadata (`FileResp`). Only `id` is required of the server; every other field reads as
 * its default when absent: strings `''`, numbers 0, `metadata` `{}`.
 */
export interface FileMetadata {
  id: string;
  name: string;
  parentId: string;
  /** Bytes; 0 for folders. */
  size: number;
  /** Unix seconds. */
  created: number;
  /** Unix seconds. */
  modified: number;
  /** Unix milliseconds of the modification, from `modified_ms` (see `modifiedMs` decoding) or `modified`. */
  modifiedMs: number;
  /** `F` file; `D` folder, `S` project folder, `T` (also a folder): test with `isFolderType()`. */
  type: string;
  subType: string;
  operations: number;
  metadata: Record<string, unknown>;
}

/** `GET /file/info/{id}`: one file's facts, with what a widget upload sent along. */
export interface FileInfo {
  /** The file's id; the requested id when not said. */
  id: string;
  /** `''` when not said. */
  name: string;
  /** Bytes; 0 when not said. */
  size: number;
  /** See {@link FileMetadata.type}; `''` when not said. */
  type: string;
  /** Unix seconds; 0 when not said. */
  created: number;
  /** Unix seconds; 0 when not said. */
  modified: number;
  /** The `payload` a widget upload carried (sender's name, e-mail, message…); `{}` when none. */
  widgetMetadata: Record<string, unknown>;
}

/** `POST /file/delete`: newer servers list the deleted ids, others answer with a job (HTTP 202). */
export type DeleteFilesResult = { ids: string[]; jobId?: undefined } | { jobId: string; ids?: undefined };

/** `GET /profile/info`: storage quota in bytes; a limit of -1 (also when not said) means none. */
export interface ProfileInfo {
  /** 0 when not said. */
  userUsed: number;
  userLimit: number;
  /** 0 when not said. */
  accUsed: number;
  accLimit: number;
}

/** `GET /profile`: who is signed in. */
export interface Profile {
  /** The user's id. */
  id: string;
  /** `''` when not said. */
  name: string;
  /** `''` when not said. */
  email: string;
  /** The user's home folder; `''` when not said. */
  homeId: string;
}

/**
 * A public PGP key on the site (`GET /user/pgp-key/{id}`). Only the public part is read: the private
 * key the answer may carry is never kept.
 */
export interface PgpPublicKey {
  /** The key's id; `''` when not said. */
  id: string;
  /** `''` when not said. */
  name: string;
  /** `''` when not said. */
  email: string;
  /** The public key, as the site spells it (base64 of the armoured or of the binary key). */
  publicKey: string;
  /** Unix seconds; 0 when not said. */
  created: number;
  /** Unix seconds; 0 when not said. */
  modified: number;
}

/** Body of `POST /share/request`. */
export interface ShareRequestRequest {
  /** Contact ids of the recipients. */
  ids: readonly string[];
  message?: string | undefined;
  sendEmail?: boolean | undefined;
  requestAuth?: boolean | undefined;
  returnPgpEncrypted?: boolean | undefined;
  /** Folder that receives the returned files. */
  folderId?: string | undefined;
}

/** `POST /share/request`. */
export interface ShareRequestResult {
  /** The request's id; `''` when not said. */
  id: string;
  /** The page the recipient opens. */
  url: string;
  /** The job that sends the e-mails; `''` when not said. */
  jobId: string;
}

/**
 * `GET /files-return/metadata/{id}`: the request as its recipient sees it. Nothing is required of the
 * server: strings read as `''`, times as 0, booleans as false when absent.
 */
export interface FilesReturnMetadata {
  /** The request's id; the requested id when not said. */
  id: string;
  subject: string;
  title: string;
  message: string;
  senderName: string;
  senderEmail: string;
  userName: string;
  userEmail: string;
  /** Language id of the request, e.g. `de` or `de_DE`. */
  locale: string;
  shareType: string;
  folderId: string;
  /** Unix seconds. */
  activates: number;
  /** Unix seconds; 0: never. */
  expires: number;
  /** How many files one return may hold; undefined: no limit was said. */
  filesPerShare: number | undefined;
  pgpEnabled: boolean;
  /** The returned files must be encrypted (in the browser) with `senderKey`. */
  returnPgpEncrypted: boolean;
  /**
   * The requester's public PGP key (`sender_key`), for an encrypted return; `''` when none. Its encoding
   * is not documented: armoured text, base64 of it, or base64 of the binary key.
   */
  senderKey: string;
}

/** `POST /files-return/makedir/{id}`. */
export interface FilesReturnFolder {
  id: string;
  /** The parent folder's id; the requested `parentId`, or `''` (the request's folder), when not said. */
  parentId: string;
  /** Unix seconds; 0 when not said. */
  modified: number;
}

/** Body of `POST /files-return/upload-link/{id}`. */
export interface FilesReturnUploadLinkRequest {
  name: string;
  parentId?: string | undefined;
  fileSize?: number | undefined;
}

/** `POST /files-return/upload-link/{id}`. */
export interface FilesReturnUploadLink {
  /** The reserved file's id, to list in `sendFilesReturn`; `''` when not said (then use finalize's `id`). */
  fileId: string;
  uploadKey: string;
  /** The folder that holds the file; the requested `parentId`, or `''`, when not said. */
  parentId: string;
}

/** Body of `POST /files-return/send`. */
export interface FilesReturnSendRequest {
  /** The request id. */
  id: string;
  /** Ids of the finalized files to return. */
  files: readonly string[];
  message?: string | undefined;
}

/**
 * `POST /files-return/send`: newer servers list the sent files, older ones answer with a job (HTTP 202).
 * An answer with neither reads as `{fileIds: []}`.
 */
export type FilesReturnSendResult =
  { fileIds: string[]; jobId?: undefined } | { jobId: string; fileIds?: undefined };

/** A language the site offers. */
export interface Language {
  id: string;
  /** Its name for people; the id when not said. */
  name: string;
  /** `''` when not said. */
  filename: string;
}

/** `GET /account/metadata`: the site's public branding. Strings read as `''` when absent. */
export interface AccountMetadata {
  status: string;
  title: string;
  /** Language id, e.g. `en`, `de_DE`. */
  language: string;
  /** Whether the site shows Quatrix's default logo rather than its own; true when not said. */
  defaultLogo: boolean;
}

/** A contact of the signed-in user. Only `id` is required: strings read as `''`, `created` as 0. */
export interface Contact {
  id: string;
  name: string;
  email: string;
  type: string;
  status: string;
  /** Unix seconds. */
  created: number;
  ownerId: string;
}
