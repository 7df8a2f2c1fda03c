import type { FileMeta, UploadError, UploadFileState, UploadResult } from '../upload/index.js';

/**
 * Details of the `quatrix-*` DOM events the elements dispatch. Every event bubbles and is composed (it
 * crosses shadow roots); none is cancelable unless said.
 */
export interface QuatrixEventDetails {
  /**
   * Cancelable: a file is about to be added. `preventDefault()` leaves it out (say why yourself; the
   * element says nothing of it). A listener may add to `detail.meta`: what the app attaches to the file
   * (sent with a widget upload).
   */
  'quatrix-before-add': { file: File | Blob; relativePath: string; meta: FileMeta };
  /**
   * Cancelable: the files chosen are about to be sent (before their upload links). `preventDefault()`
   * keeps them waiting in the list, with the action that sends them, which asks again.
   */
  'quatrix-before-upload': { files: UploadFileState[] };
  /** Files were added to the list. */
  'quatrix-file-added': { files: UploadFileState[] };
  /** A file was refused before sending (allowance, quota, size). */
  'quatrix-file-rejected': { file: UploadFileState; error: UploadError };
  /** Total progress, at most once per animation frame. */
  'quatrix-progress': { bytesUploaded: number; bytesTotal: number; percent: number };
  'quatrix-file-done': { file: UploadFileState; result: UploadResult };
  'quatrix-file-failed': { file: UploadFileState; error: UploadError };
  /**
   * An empty folder of a drop could not be made on the server (`path` as dropped, `Trip/Day 3`); the
   * files went on. The element says it to screen readers too.
   */
  'quatrix-folder-failed': { path: string; error: UploadError };
  /** Every file has ended. */
  'quatrix-all-done': { successful: UploadFileState[]; failed: UploadFileState[] };
  /** The server demands a CAPTCHA; the element shows the challenge. */
  'quatrix-captcha-needed': { filesWaiting: number };
  'quatrix-captcha-solved': { filesRemaining: number | undefined };
  /** More files than the widget still accepts. */
  'quatrix-limit-reached': { filesRemaining: number };
  /** The target cannot be used at all (unknown widget, expired request…). */
  'quatrix-error': { error: UploadError };
  /**
   * The person pressed "Sign in again" after their session ended (`error.reason` is `unauthorized`):
   * sign them in and set `sessionToken` (or `apiKey`); the files that were under way then continue.
   */
  'quatrix-sign-in-needed': { error: UploadError };
  /** The files of a file request were returned to the requester. */
  'quatrix-request-sent': { fileIds: string[]; message: string };
  /** A file request was created. */
  'quatrix-request-created': { id: string; url: string };
}

/** A `quatrix-*` event with its typed detail. */
export type QuatrixEvent<K extends keyof QuatrixEventDetails> = CustomEvent<QuatrixEventDetails[K]>;

/** Every `quatrix-*` event with its typed event object: the global event maps derive from it. */
export type QuatrixEventMap = { [K in keyof QuatrixEventDetails]: QuatrixEvent<K> };

declare global {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface GlobalEventHandlersEventMap extends QuatrixEventMap {}
}

const UPLOAD_EVENTS = [
  'quatrix-before-add',
  'quatrix-before-upload',
  'quatrix-file-added',
  'quatrix-file-rejected',
  'quatrix-progress',
  'quatrix-file-done',
  'quatrix-file-failed',
  'quatrix-folder-failed',
  'quatrix-all-done',
  'quatrix-limit-reached',
  'quatrix-error',
] as const;

/**
 * The events each element fires: the React wrappers take their `on…` props from it, and a test holds it
 * to the custom elements manifest (so a new event cannot be forgotten here).
 */
export const ELEMENT_EVENTS = {
  'quatrix-widget': [...UPLOAD_EVENTS, 'quatrix-captcha-needed', 'quatrix-captcha-solved'],
  'quatrix-uploader': [...UPLOAD_EVENTS, 'quatrix-sign-in-needed'],
  'quatrix-file-request': [...UPLOAD_EVENTS, 'quatrix-request-sent'],
  'quatrix-request-files': ['quatrix-request-created', 'quatrix-error'],
} as const satisfies Record<string, readonly (keyof QuatrixEventDetails)[]>;

/**
 * Dispatches a bubbling, composed `quatrix-*` event from `target`; false when it was cancelable and a
 * listener called `preventDefault()`.
 */
export function emit<K extends keyof QuatrixEventDetails>(
  target: EventTarget,
  name: K,
  detail: QuatrixEventDetails[K],
  cancelable = false,
): boolean {
  return target.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true, cancelable }));
}
