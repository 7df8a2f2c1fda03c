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
  id: string;
  /** Whether this session has passed the CAPTCHA (always true when the widget needs none). */
  captchaPassed: boolean;
  /** How many more files this session may send. */
  filesRemaining: number;
}

/** `POST /widget/unblock-captcha/{id}`. */
export interface CaptchaResult {
  /** Whether the provider accepted the token. */
  valid: boolean;
  filesRemaining: number;
}

/** A folder made by `makedir` of the widget. */
export interface WidgetFolder {
  id: string;
  parentId: string;
  name: string;
  /** Unix seconds. */
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
  truncate?: number | undefined;
  name?: string | undefined;
}

/** `POST /upload/link` and `POST /file/modify`. */
export interface UploadLink {
  name: string;
  fileId: string;
  parentId: string;
  uploadKey: string;
}

/** `GET /upload/finalize/{key}`. */
export interface FinalizeResult {
  id: string;
  parentId: string;
  /** Stored size in bytes; compare with the local size. */
  size: number;
  /** Unix seconds (fractional). */
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

/** File or folder metadata (`FileResp`). */
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
  modifiedMs: number;
  /** `D` folder, `F` file. */
  type: string;
  subType: string;
  operations: number;
  metadata: Record<string, unknown>;
}

/** `GET /profile/info`: storage quota in bytes; a limit of -1 means none. */
export interface ProfileInfo {
  userUsed: number;
  userLimit: number;
  accUsed: number;
  accLimit: number;
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
  id: string;
  /** The page the recipient opens. */
  url: string;
  jobId: string;
}

/** `GET /files-return/metadata/{id}`: the request as its recipient sees it. */
export interface FilesReturnMetadata {
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
  /** How many files one return may hold. */
  filesPerShare: number;
  pgpEnabled: boolean;
  returnPgpEncrypted: boolean;
}

/** `POST /files-return/makedir/{id}`. */
export interface FilesReturnFolder {
  id: string;
  parentId: string;
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
  fileId: string;
  uploadKey: string;
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

/** `POST /files-return/send`: newer servers list the sent files, older ones answer with a job. */
export type FilesReturnSendResult =
  { fileIds: string[]; jobId?: undefined } | { jobId: string; fileIds?: undefined };

/** A language the site offers. */
export interface Language {
  id: string;
  name: string;
  filename: string;
}

/** `GET /account/metadata`: the site's public branding. */
export interface AccountMetadata {
  status: string;
  title: string;
  /** Language id, e.g. `en`, `de_DE`. */
  language: string;
  defaultLogo: boolean;
}

/** A contact of the signed-in user. */
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
