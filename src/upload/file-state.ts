import type { UploadFileState, UploadStatus } from './types.js';

/**
 * Every status a file may move to, with the statuses it may come from. A file starts `queued`; `done`
 * is final; `failed` and `cancelled` end its life until `retry()`.
 *
 * - `preparing` (reserving the upload) comes from `queued`, and again from a later stage when an upload
 *   of an earlier visit or an ended session starts afresh.
 * - `blocked` (waiting for a CAPTCHA or a PIN) and `paused` (by the user or offline) come from any
 *   stage that sends something; both go back to `queued`.
 * - `failed` comes from any status that has not ended (a fatal error ends the waiting ones too).
 */
export const ALLOWED_FROM: Readonly<Record<UploadStatus, readonly UploadStatus[]>> = {
  queued: ['paused', 'blocked', 'failed', 'cancelled'],
  preparing: ['queued', 'uploading', 'retrying', 'finalizing'],
  uploading: ['preparing', 'retrying'],
  retrying: ['uploading'],
  finalizing: ['uploading', 'retrying'],
  done: ['uploading', 'finalizing'],
  paused: ['queued', 'preparing', 'uploading', 'retrying', 'finalizing', 'blocked'],
  blocked: ['queued', 'preparing', 'uploading', 'retrying', 'finalizing'],
  failed: ['queued', 'preparing', 'uploading', 'retrying', 'finalizing', 'paused', 'blocked'],
  cancelled: ['queued', 'preparing', 'uploading', 'retrying', 'finalizing', 'paused', 'blocked'],
};

/** Whether a file may move from `from` to `to`. */
export function canTransition(from: UploadStatus, to: UploadStatus): boolean {
  return ALLOWED_FROM[to].includes(from);
}

/** The fields of a file's state that change along its life (everything but its identity and status). */
export type StatePatch = Partial<
  Omit<UploadFileState, 'id' | 'file' | 'name' | 'relativePath' | 'size' | 'status'>
>;

/**
 * The one way a file's status changes: its state moved to `to` with `patch`, or undefined when the table
 * does not allow the move (the state stays as it is). Staying in the same status is always allowed.
 */
export function transition(
  state: UploadFileState,
  to: UploadStatus,
  patch: StatePatch = {},
): UploadFileState | undefined {
  if (state.status !== to && !canTransition(state.status, to)) return undefined;
  return { ...state, ...patch, status: to };
}
