import { constants } from 'node:fs';
import { mkdir, open, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ApiFailure, fail, unauthorized } from './errors.js';
import type { Ctx } from './http.js';
import { checkName } from './names.js';
import { writeAt } from './write-at.js';
import type { Store, Upload } from './store.js';

/** Limits of the chunk protocol. */
export interface ChunkLimits {
  /** Largest chunk accepted, in bytes. */
  maxChunkBytes: number;
  /** Largest file accepted, in bytes. */
  maxFileBytes: number;
  /**
   * `append` (default): a chunk must start exactly where the received bytes end, as on a server that
   * appends (production clients send one chunk at a time, in order; rclone notes the server may not check
   * ranges strictly, so the emulator refuses rather than misplaces). `by-range`: each chunk is placed at its
   * `Content-Range`, in any order, an exact re-send rewriting the same bytes.
   */
  order: 'append' | 'by-range';
  /**
   * `key` (default): the upload key in the path is the chunk's whole authority, as the production
   * clients' chunk URL suggests (our choice: whether Quatrix also wants the session there is not
   * published). `session`: a chunk must also carry the session (`X-Auth-Token` of the session that asked
   * for the link) or an API key of a user, else 401 code 70.
   */
  chunkAuth: 'key' | 'session';
}

/** Default limits: rclone never sends a chunk over 100,000,000 B; files up to 64 GiB (our choice). */
export const DEFAULT_CHUNK_LIMITS: ChunkLimits = {
  maxChunkBytes: 100_000_000,
  maxFileBytes: 64 * 1024 ** 3,
  order: 'append',
  chunkAuth: 'key',
};

const RANGE = /^bytes (\d+)-(\d+)\/(\d+)$/;

/**
 * `POST /upload/chunked/{key}`: writes the body at the offset of its `Content-Range` straight to the part
 * file on disk (streamed, never buffered whole). The range counts as received only when the whole body
 * arrived, so a chunk cut mid-way may be sent again at the same start. Answers the file id as a JSON
 * string: rclone decodes this answer into a string it names `fileID`.
 */
export async function receiveChunk(
  store: Store,
  ctx: Ctx,
  key: string,
  limits: ChunkLimits,
): Promise<string> {
  const upload = store.uploads.get(key);
  if (!upload) fail(20, 'Upload key not found');
  if (upload.finalized || finalizing.has(upload)) fail(10, 'Upload is already finalized');
  const session = upload.sessionId ? store.liveSession(upload.sessionId) : undefined;
  if (upload.sessionId && upload.kind !== 'widget' && !session) unauthorized();
  if (upload.requestId) store.checkRequestAuth(store.checkRequestOpen(upload.requestId), session);
  if (limits.chunkAuth === 'session') {
    const key = ctx.apiKey;
    const byKey = key !== undefined && [...store.users.values()].some((u) => u.apiKeys?.includes(key));
    const bySession = upload.sessionId !== undefined && ctx.token === upload.sessionId;
    if (!byKey && !bySession) unauthorized('This chunk carries no credential of the upload');
  }

  const header = ctx.req.headers['content-range'];
  const match = typeof header === 'string' ? RANGE.exec(header.trim()) : null;
  if (!match)
    fail(10, 'Missing or malformed Content-Range; expected "bytes START-END/TOTAL"', {
      content_range: header ?? null,
    });
  const [start, end, total] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (!Number.isSafeInteger(total) || start > end || end >= total) {
    fail(10, 'Content-Range is out of range', { start, end, total });
  }
  if (total > limits.maxFileBytes) fail(10, 'File is too large', { total, limit: limits.maxFileBytes }, 413);
  if (upload.total !== undefined && total !== upload.total) {
    fail(10, 'Content-Range total does not match the file size', { total, expected: upload.total });
  }
  const length = end - start + 1;
  if (length > limits.maxChunkBytes)
    fail(10, 'Chunk is too large', { length, limit: limits.maxChunkBytes }, 413);
  const declared = ctx.req.headers['content-length'];
  if (declared !== undefined && Number(declared) !== length) {
    fail(10, 'Content-Length does not match Content-Range', {
      content_length: Number(declared),
      range_length: length,
    });
  }
  if (limits.order === 'append' && start !== upload.ranges.contiguous()) {
    fail(10, 'Chunk does not start at the end of the received bytes', {
      start,
      received: upload.ranges.contiguous(),
    });
  }

  // Positional writes, as the bench's ceiling does (see write-at.ts). With a Content-Length (checked
  // above) HTTP framing already bounds the body; one without (chunked encoding) is counted on the way,
  // so that it cannot run past its range.
  const progress = { bytes: 0 };
  const write = (async () => {
    const handle = await open(upload.partPath, constants.O_WRONLY | constants.O_CREAT);
    try {
      await writeAt(
        ctx.body,
        handle,
        start,
        length,
        () => new ApiFailure(10, 'Body is longer than its Content-Range', { range_length: length }),
        progress,
      );
    } finally {
      await handle.close();
    }
  })();
  track(upload, write);
  try {
    await write;
  } catch (error) {
    if (error instanceof ApiFailure) throw error;
    throw new ApiFailure(10, 'Chunk body was not received completely', {
      received: progress.bytes,
      range_length: length,
    });
  }
  if (progress.bytes !== length)
    fail(10, 'Body is shorter than its Content-Range', { received: progress.bytes, range_length: length });
  upload.total ??= total;
  upload.ranges.add(start, end + 1);
  return upload.nodeId;
}

/**
 * Forgets an upload (its file was deleted): its key answers 20 from now on, and its part file goes once
 * any write under way has ended, so that no write re-creates it.
 */
export async function forgetUpload(store: Store, upload: Upload): Promise<void> {
  store.uploads.delete(upload.key);
  await Promise.allSettled([...(writing.get(upload) ?? [])]);
  await unlink(upload.partPath).catch(() => undefined);
}

/** Finalizations under way: a chunk arriving meanwhile is refused. */
const finalizing = new WeakMap<Upload, Promise<NonNullable<Upload['finalized']>>>();
/** Chunk writes under way: finalize waits for them, so no byte changes after it answered. */
const writing = new WeakMap<Upload, Set<Promise<void>>>();

function track(upload: Upload, write: Promise<void>): void {
  let set = writing.get(upload);
  if (!set) writing.set(upload, (set = new Set()));
  set.add(write);
  const done = (): void => {
    set.delete(write);
  };
  write.then(done, done);
}

/**
 * Finalize: the upload must hold every byte of its size. The part file is moved into place, so the
 * file appears whole or not at all. A repeated finalize (a retry after a lost answer) returns the first
 * answer again and creates nothing.
 */
export function finalizeUpload(
  store: Store,
  upload: Upload,
  mtime?: number,
): Promise<NonNullable<Upload['finalized']>> {
  if (upload.finalized) return Promise.resolve(upload.finalized);
  let running = finalizing.get(upload);
  if (!running) {
    running = doFinalize(store, upload, mtime).finally(() => finalizing.delete(upload));
    finalizing.set(upload, running);
  }
  return running;
}

async function doFinalize(
  store: Store,
  upload: Upload,
  mtime?: number,
): Promise<NonNullable<Upload['finalized']>> {
  await Promise.allSettled([...(writing.get(upload) ?? [])]);
  const total = upload.total ?? 0;
  const received = upload.ranges.covered();
  if (upload.ranges.contiguous() < total) {
    fail(10, 'Upload is incomplete', { size: received, expected: total });
  }
  const node = store.nodes.get(upload.nodeId);
  if (!node) fail(20, 'File not found');
  if (upload.kind !== 'widget') store.checkQuota(node.ownerId, total - node.size);
  const oldPath = node.state === 'ready' ? store.diskPath(node.id) : undefined;
  if (upload.rename !== undefined && upload.rename !== node.name) {
    const name = checkName(upload.rename);
    if (store.childByName(node.parentId, name)) fail(30, 'An object with this name already exists', { name });
    node.name = name;
  }
  const target = store.diskPath(node.id);
  if (total === 0) await writeFile(upload.partPath, '');
  await mkdir(path.dirname(target), { recursive: true });
  await rename(upload.partPath, target);
  if (oldPath && oldPath !== target) await unlink(oldPath).catch(() => undefined);
  node.size = total;
  node.state = 'ready';
  node.modified = mtime ?? store.now() / 1000;
  // rclone decodes finalize's `modified` as an integer (Unix seconds); the file keeps the fraction.
  upload.finalized = {
    id: node.id,
    parent_id: node.parentId,
    size: total,
    modified: Math.floor(node.modified),
  };
  return upload.finalized;
}
