import { canTransition } from '../../src/upload/file-state.js';
import type { QuatrixClient } from '../../src/api/index.js';
import {
  FolderTarget,
  Uploader,
  type UploaderEvents,
  type UploaderOptions,
  type UploadFileState,
  type UploadStatus,
  type UploadTarget,
} from '../../src/upload/index.js';

/** The statuses, in order, of a file sent without a hitch (see `statusTrail`). */
export const SENT_TRAIL: readonly UploadStatus[] = ['queued', 'preparing', 'uploading', 'finalizing', 'done'];

/** Test defaults: small chunks (so small files make many requests) and fast retries. */
export const TEST_UPLOADER_OPTIONS = { chunkSize: 64 * 1024, retryBaseMs: 50, retryMaxMs: 400 } as const;

/**
 * Makes uploaders with the test defaults; each is disposed after its test. Call inside a `describe`.
 * Every status change of every file is checked against the allowed transitions: a test fails when its
 * engine made one that is not allowed.
 */
export function uploadersPerTest(): (target: UploadTarget, options?: Partial<UploaderOptions>) => Uploader {
  const made: Uploader[] = [];
  const forbidden: string[] = [];
  afterEach(() => {
    made.splice(0).forEach((u) => u.dispose());
    const seen = forbidden.splice(0);
    if (seen.length > 0) throw new Error(`status changes that are not allowed: ${seen.join(', ')}`);
  });
  return (target, options = {}) => {
    const uploader = new Uploader({ target, ...TEST_UPLOADER_OPTIONS, ...options });
    uploader.on('file-status', ({ file, previous }) => {
      if (!canTransition(previous, file.status)) forbidden.push(`${file.name}: ${previous} → ${file.status}`);
    });
    made.push(uploader);
    return uploader;
  };
}

/** Resolves with the next `all-done` of an uploader. */
export function allDone(uploader: Uploader): Promise<UploaderEvents['all-done']> {
  return new Promise((resolve) => {
    const off = uploader.on('all-done', (detail) => {
      off();
      resolve(detail);
    });
  });
}

/** Resolves with the first event of a kind. */
export function nextEvent<K extends keyof UploaderEvents>(
  uploader: Uploader,
  event: K,
): Promise<UploaderEvents[K]> {
  return new Promise((resolve) => {
    const off = uploader.on(event, (detail) => {
      off();
      resolve(detail);
    });
  });
}

/** Every status each file went through, from `queued` on, in order. */
export function statusTrail(uploader: Uploader): Map<string, UploadStatus[]> {
  const trail = new Map<string, UploadStatus[]>();
  uploader.on('file-added', ({ file }) => trail.set(file.id, [file.status]));
  uploader.on('file-status', ({ file }) => trail.get(file.id)?.push(file.status));
  return trail;
}

/** Resolves when `predicate` holds for the uploader's state (checked on every change). */
export function until(uploader: Uploader, predicate: () => boolean, timeoutMs = 20_000): Promise<void> {
  return new Promise((resolve, reject) => {
    if (predicate()) return resolve();
    const timer = setTimeout(() => {
      offs.forEach((off) => off());
      reject(new Error('condition not reached in time'));
    }, timeoutMs);
    const check = (): void => {
      if (!predicate()) return;
      clearTimeout(timer);
      offs.forEach((off) => off());
      resolve();
    };
    const offs = [uploader.on('file-status', check), uploader.on('change', check)];
  });
}

/**
 * After the session ended, as an application does: signs in again and gives the file to a new engine
 * (an engine ends with its session) uploading into `folderId`. Resolves with the file as added and the
 * new engine's `all-done`, which must have no failure.
 */
export async function signInAgainAndSend(
  make: (target: UploadTarget) => Uploader,
  client: QuatrixClient,
  account: { email: string; password: string },
  folderId: string,
  file: File,
): Promise<{ added: UploadFileState; done: UploaderEvents['all-done'] }> {
  await client.login(account.email, account.password);
  const uploader = make(new FolderTarget(client, folderId));
  const finished = allDone(uploader);
  const [added] = uploader.addFiles([file]);
  const done = await finished;
  if (done.failed.length > 0) throw new Error(`failed again: ${done.failed[0]!.error?.message}`);
  return { added: added!, done };
}
