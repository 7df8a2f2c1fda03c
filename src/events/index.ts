import type { UploadError, UploadFileState, UploadResult } from '../upload/index.js';

/**
 * Details of the `quatrix-*` DOM events the elements dispatch. Every event bubbles and is composed (it
 * crosses shadow roots); none is cancelable unless said.
 */
export interface QuatrixEventDetails {
  /** Files were added to the list. */
  'quatrix-file-added': { files: UploadFileState[] };
  /** A file was refused before sending (allowance, quota, size). */
  'quatrix-file-rejected': { file: UploadFileState; error: UploadError };
  /** Total progress, at most once per animation frame. */
  'quatrix-progress': { bytesUploaded: number; bytesTotal: number; percent: number };
  'quatrix-file-done': { file: UploadFileState; result: UploadResult };
  'quatrix-file-failed': { file: UploadFileState; error: UploadError };
  /** Every file has ended. */
  'quatrix-all-done': { successful: UploadFileState[]; failed: UploadFileState[] };
  /** The server demands a CAPTCHA; the element shows the challenge. */
  'quatrix-captcha-needed': { filesWaiting: number };
  'quatrix-captcha-solved': { filesRemaining: number | undefined };
  /** More files than the widget still accepts. */
  'quatrix-limit-reached': { filesRemaining: number };
  /** The target cannot be used at all (unknown widget, expired request…). */
  'quatrix-error': { error: UploadError };
  /** The files of a file request were returned to the requester. */
  'quatrix-request-sent': { fileIds: string[]; message: string };
  /** A file request was created. */
  'quatrix-request-created': { id: string; url: string };
}

/** A `quatrix-*` event with its typed detail. */
export type QuatrixEvent<K extends keyof QuatrixEventDetails> = CustomEvent<QuatrixEventDetails[K]>;

declare global {
  interface GlobalEventHandlersEventMap {
    'quatrix-file-added': QuatrixEvent<'quatrix-file-added'>;
    'quatrix-file-rejected': QuatrixEvent<'quatrix-file-rejected'>;
    'quatrix-progress': QuatrixEvent<'quatrix-progress'>;
    'quatrix-file-done': QuatrixEvent<'quatrix-file-done'>;
    'quatrix-file-failed': QuatrixEvent<'quatrix-file-failed'>;
    'quatrix-all-done': QuatrixEvent<'quatrix-all-done'>;
    'quatrix-captcha-needed': QuatrixEvent<'quatrix-captcha-needed'>;
    'quatrix-captcha-solved': QuatrixEvent<'quatrix-captcha-solved'>;
    'quatrix-limit-reached': QuatrixEvent<'quatrix-limit-reached'>;
    'quatrix-error': QuatrixEvent<'quatrix-error'>;
    'quatrix-request-sent': QuatrixEvent<'quatrix-request-sent'>;
    'quatrix-request-created': QuatrixEvent<'quatrix-request-created'>;
  }
}

/** Dispatches a bubbling, composed `quatrix-*` event from `target`. */
export function emit<K extends keyof QuatrixEventDetails>(
  target: EventTarget,
  name: K,
  detail: QuatrixEventDetails[K],
): boolean {
  return target.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
}
