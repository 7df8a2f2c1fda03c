import { constants } from 'node:fs';
import { mkdir, open, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ApiFailure, fail, unauthorized } from './errors.js';
import type { Ctx } from './http.js';
import { checkName } from './names.js';
import type { Store, Upload } from './store.js';

/** Limits of the chunk protocol. */
export interface ChunkLimits {
  /** Largest chunk accepted, in bytes. */
  maxChunkBytes: number;
  /** Largest file accepted, in bytes. */
  maxFileBytes: number;
  /** Refuse a chunk that would leave a gap before it (strictly in-order clients only). */
  sequential: boolean;
}

const RANGE = /^bytes (\d+)-(\d+)\/(\d+)$/;

/**
 * `POST /upload/chunked/{key}`: writes the body at the offset of its `Content-Range` straight to the part
 * file on disk (streamed, never buffered whole). A re-sent range overwrites the same bytes with the same
 * bytes, so retries are idempotent. The range counts as received only when the whole body arrived.
 */
export async function receiveChunk(
  store: Store,
  ctx: Ctx,
  key: string,
  limits: ChunkLimits,
): Promise<Record<string, never>> {
  const upload = store.uploads.get(key);
  if (!upload) fail(20, 'Upload key not found');
  if (upload.finalized || finalizing.has(upload)) fail(10, 'Upload is already finalized');
  if (upload.sessionId && upload.kind !== 'widget' && !store.liveSession(upload.sessionId)) unauthorized();
  if (upload.requestId) store.checkRequestOpen(upload.requestId);

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
  if (limits.sequential && start > upload.ranges.contiguous()) {
    fail(10, 'Chunk leaves a gap', { start, received: upload.ranges.contiguous() });
  }

  // With a Content-Length (checked above) HTTP framing already bounds the body; only a body without
  // one (chunked encoding) needs counting on the way, so that it cannot run past its range.
  let counted = 0;
  const stages: Transform[] =
    declared === undefined
      ? [
          new Transform({
            transform(chunk: Buffer, _enc, callback: TransformCallback) {
              counted += chunk.length;
              if (counted > length) {
                return callback(
                  new ApiFailure(10, 'Body is longer than its Content-Range', { range_length: length }),
                );
              }
              callback(null, chunk);
            },
          }),
        ]
      : [];
  let received = 0;
  const write = (async () => {
    const handle = await open(upload.partPath, constants.O_WRONLY | constants.O_CREAT);
    const file = handle.createWriteStream({ start });
    try {
      await pipeline([ctx.body, ...stages, file]);
    } finally {
      received = file.bytesWritten;
    }
  })();
  track(upload, write);
  try {
    await write;
  } catch (error) {
    if (error instanceof ApiFailure) throw error;
    throw new ApiFailure(10, 'Chunk body was not received completely', { received, range_length: length });
  }
  if (received !== length)
    fail(10, 'Body is shorter than its Content-Range', { received, range_length: length });
  upload.total ??= total;
  upload.ranges.add(start, end + 1);
  return {};
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
  upload.finalized = { id: node.id, parent_id: node.parentId, size: total, modified: node.modified };
  return upload.finalized;
}
