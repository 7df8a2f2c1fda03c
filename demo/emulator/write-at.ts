import type { FileHandle } from 'node:fs/promises';
import type { Readable } from 'node:stream';

/** Bytes gathered before one positional write of them (`writev`): fewer system calls than one per read. */
const BATCH = 1 << 20;

/**
 * Writes a request body into a file at `start` with positional writes (`writev` of the buffers as they
 * arrived: no write stream, no copy), one write in flight while the next batch is read. Past `limit`
 * bytes the rest is read and dropped, and `tooLong`'s error thrown at the end (the connection stays, so
 * the refusal can be answered). `progress.bytes` counts what was written all along; a body that breaks
 * off rejects after what arrived was written.
 */
export async function writeAt(
  body: Readable,
  handle: FileHandle,
  start: number,
  limit = Infinity,
  tooLong: () => Error = () => new Error('body too long'),
  progress: { bytes: number } = { bytes: 0 },
): Promise<number> {
  let position = start;
  let received = 0;
  let over = false;
  let batch: Buffer[] = [];
  let batchBytes = 0;
  let inFlight: Promise<void> | undefined;
  const flush = async (): Promise<void> => {
    await inFlight;
    if (batchBytes === 0) return;
    const buffers = batch;
    const at = position;
    position += batchBytes;
    batch = [];
    batchBytes = 0;
    inFlight = (async () => {
      let done = 0;
      const total = position - at;
      // writev may write less than asked: the rest goes again from where it stopped.
      while (done < total) {
        const { bytesWritten } = await handle.writev(sliceFrom(buffers, done), at + done);
        done += bytesWritten;
      }
      progress.bytes += total;
    })();
  };
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      if (over || received + chunk.length > limit) {
        over = true;
        continue;
      }
      received += chunk.length;
      batch.push(chunk);
      batchBytes += chunk.length;
      if (batchBytes >= BATCH) await flush();
    }
  } finally {
    await flush().catch(() => {});
    await inFlight;
  }
  if (over) throw tooLong();
  return received;
}

/** The buffers from byte `offset` of them on. */
function sliceFrom(buffers: Buffer[], offset: number): Buffer[] {
  if (offset === 0) return buffers;
  const out: Buffer[] = [];
  for (const b of buffers) {
    if (offset >= b.length) offset -= b.length;
    else {
      out.push(offset > 0 ? b.subarray(offset) : b);
      offset = 0;
    }
  }
  return out;
}
