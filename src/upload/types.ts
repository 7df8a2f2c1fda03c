import type { UploadError } from './errors.js';

/**
 * Where a file is in its life:
 * `queued` → `preparing` (folders, upload link) → `uploading` ⇄ `retrying` → `finalizing` → `done`;
 * `paused` (by the user, or while offline), `blocked` (waits for a CAPTCHA or a PIN), and the ends
 * `done`, `failed` and `cancelled`.
 */
export type UploadStatus =
  | 'queued'
  | 'preparing'
  | 'uploading'
  | 'paused'
  | 'retrying'
  | 'finalizing'
  | 'done'
  | 'failed'
  | 'cancelled'
  | 'blocked';

/** Statuses that end a file's life until `retry()`. */
export const TERMINAL_STATUSES: ReadonlySet<UploadStatus> = new Set(['done', 'failed', 'cancelled']);

/** What the server made of a finished file. */
export interface UploadResult {
  fileId: string;
  parentId: string;
  /** Stored size, equal to the local size. */
  size: number;
  /** The name it was stored under, when the server gave it another than asked (a name clash). */
  storedName?: string | undefined;
}

/** One file as views see it: an immutable snapshot, replaced on every change. */
export interface UploadFileState {
  /** The engine's id of this file (not the server's). */
  readonly id: string;
  readonly file: Blob;
  readonly name: string;
  /** Path below the dropped or picked folder, with the name: `Trip/Day 1/photo.jpg`; the name alone otherwise. */
  readonly relativePath: string;
  /** Bytes. */
  readonly size: number;
  readonly status: UploadStatus;
  /** Bytes the server has (or is receiving), counted in the file's own size. */
  readonly bytesUploaded: number;
  /**
   * While `preparing` a file for a target that wants files encrypted: how much of it is encrypted,
   * 0–100. Undefined when its bytes are sent as they are.
   */
  readonly preparedPercent: number | undefined;
  /**
   * Bytes sent for it when they differ from its own: the size of its encrypted copy, once made.
   * Undefined when its bytes are sent as they are.
   */
  readonly sentSize: number | undefined;
  /** 0–100. */
  readonly percent: number;
  /** Smoothed bytes per second while sending. */
  readonly speed: number | undefined;
  /** Seconds left while sending, when known. */
  readonly eta: number | undefined;
  /** Why it failed (`failed`) or why it waits (`blocked`: `captcha-required` or `pin-required`). */
  readonly error: UploadError | undefined;
  /** `paused`: by the user, or because the browser went offline (it continues by itself). */
  readonly pausedBy: 'user' | 'offline' | undefined;
  /** Automatic retries since the last progress. */
  readonly retryAttempt: number;
  /** When a retry is due (ms since the epoch), while `retrying`. */
  readonly retryAt: number | undefined;
  /** Whether this upload continues one of an earlier visit. */
  readonly resumed: boolean;
  readonly result: UploadResult | undefined;
  /** What the app attached to the file (see {@link FileMeta}). */
  readonly meta?: Readonly<FileMeta> | undefined;
}

/** Totals over every file on its way or arrived (neither cancelled nor failed). */
export interface UploadTotals {
  bytesUploaded: number;
  bytesTotal: number;
  /** 0–100. */
  percent: number;
  speed: number | undefined;
  eta: number | undefined;
  /** Number of files per status. */
  counts: Readonly<Record<UploadStatus, number>>;
}

/** The engine's whole state: what `getState()` answers and `subscribe()` delivers. */
export interface UploaderState {
  readonly files: readonly UploadFileState[];
  readonly totals: UploadTotals;
  /** The target demands a CAPTCHA before more files can go. */
  readonly captchaRequired: boolean;
  /** The target demands a PIN. */
  readonly pinRequired: boolean;
  /** Files the target still accepts (widget allowance, file request's `files_per_share`), when known. */
  readonly filesRemaining: number | undefined;
  /** A failure that ended the whole target (unknown widget, expired request…). */
  readonly fatalError: UploadError | undefined;
  /** Whether queued files are sent: false with `autoStart: false` until `start()`, and after `hold()`. */
  readonly started: boolean;
}

/** An upload of an earlier visit that can continue when the same file is added again. */
export interface UnfinishedUpload {
  name: string;
  relativePath: string;
  size: number;
  lastModified: number;
  /** 0–100. */
  percent: number;
  /** When it started (ms since the epoch). */
  startedAt: number;
}

/**
 * Facts an app attaches to a file (an order number, a category…). A widget upload sends them in its
 * `payload`, beside the sender's fields, which win on a clash; the Upload and Share-request endpoints
 * take no metadata, so there they stay in the file's state and its events. Sent when the file's upload
 * link is asked for: change them before that (in `onBeforeFileAdded`, `onBeforeUpload` or with
 * `Uploader.setMeta`).
 */
export type FileMeta = Record<string, string | number | boolean>;

/**
 * Where a file can be read again after a reload, without choosing it again: a handle the browser gave
 * (a dropped file in Chromium-based browsers, or one an app picked with `showOpenFilePicker`), or the
 * dropped folder's handle with the file's `path` inside it (one permission prompt then covers every
 * file of the folder).
 */
export interface FileSource {
  handle: FileSystemFileHandle | FileSystemDirectoryHandle;
  /** Names from the folder `handle` down to the file; empty or absent when `handle` is the file's. */
  path?: string[] | undefined;
}

/** A file with the folder path it came from (from a folder picker or a dropped folder). */
export interface FileWithPath {
  file: File | Blob;
  /** `Trip/Day 1/photo.jpg`; defaults to the file's name. */
  relativePath?: string;
  /** What the app attaches to the file. */
  meta?: FileMeta | undefined;
  /** Where it can be read again after a reload (see {@link FileSource}). */
  source?: FileSource | undefined;
}

/** The engine's events (DOM-free); elements re-dispatch them as `quatrix-*` DOM events. */
export interface UploaderEvents {
  /** At most once per animation frame, after any change. */
  change: UploaderState;
  'file-added': { file: UploadFileState };
  /** Not added: the same file (path, size, date) is in the list already, or `onBeforeFileAdded` said no. */
  'file-skipped': { relativePath: string; reason: 'duplicate' | 'vetoed' };
  /**
   * `onBeforeUpload` kept these files from being sent (it answered false, or `error`: it failed): they
   * wait, and the engine holds until `start()`, which asks again.
   */
  'upload-vetoed': { files: UploadFileState[]; error: unknown };
  /** Refused before sending: over the allowance, over the quota, or an unsafe name. */
  'file-rejected': { file: UploadFileState; error: UploadError };
  'file-status': { file: UploadFileState; previous: UploadStatus };
  'file-done': { file: UploadFileState; result: UploadResult };
  'file-failed': { file: UploadFileState; error: UploadError };
  /** An empty folder of a drop could not be made (after the retries); `path` as dropped, `Trip/Day 3`. */
  'folder-failed': { path: string; error: UploadError };
  'captcha-required': { filesWaiting: number };
  /** `filesRemaining`: undefined when the server did not say. */
  'captcha-solved': { filesRemaining: number | undefined };
  'pin-required': { invalid: boolean };
  'limit-reached': { filesRemaining: number };
  fatal: { error: UploadError };
  /** Every file has ended (done, failed or cancelled). */
  'all-done': { successful: UploadFileState[]; failed: UploadFileState[] };
}
