/**
 * The files of `npm run bench:soak`: a seeded plan of sizes and nested paths, and contents made of one
 * 64 KiB block stamped, every 64 KiB, with the file's index and the offset, so that any misplaced, lost
 * or repeated range shows in the hash.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { block } from './bytes.js';

export const SEGMENT = 64 * 1024;

/** The 16 bytes that open every 64 KiB segment: a marker, the file's index and the offset. */
export function segmentHeader(index: number, offset: number): Uint8Array<ArrayBuffer> {
  const header = new Uint8Array(16);
  const view = new DataView(header.buffer);
  view.setUint32(0, 0x51534f4b); // "QSOK"
  view.setUint32(4, index);
  view.setFloat64(8, offset);
  return header;
}

export interface PlannedFile {
  path: string;
  size: number;
  index: number;
}

const KiB = 1024;
const MiB = 1024 * KiB;

/**
 * `count` files: some empty, many small (1–512 KiB), some of a few MiB, a few large (40–100 MiB, more
 * when needed to reach `minBytes` in all), a third of them in nested folders up to three deep.
 */
export function plan(seed: number, count = 254, minBytes = 1.1 * 2 ** 30, firstIndex = 0): PlannedFile[] {
  let x = seed >>> 0 || 1;
  const random = (): number => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
  const between = (lo: number, hi: number): number => Math.floor(lo + random() * (hi - lo + 1));
  const files: PlannedFile[] = [];
  for (let i = 0; i < count; i++) {
    const share = i / count;
    const size =
      i % 60 === 0
        ? 0
        : share < 0.78
          ? between(1 * KiB, 512 * KiB)
          : share < 0.96
            ? between(1 * MiB, 16 * MiB)
            : between(40 * MiB, 100 * MiB);
    const depth = random() < 0.33 ? between(1, 3) : 0;
    const folders = Array.from({ length: depth }, (_, d) => `folder-${d}-${between(0, 2)}`);
    files.push({ path: [...folders, `file-${firstIndex + i}.bin`].join('/'), size, index: firstIndex + i });
  }
  // At least `minBytes` in all, whatever the draw: the large files grow to make up the difference.
  const total = files.reduce((sum, f) => sum + f.size, 0);
  const large = files.filter((f) => f.size >= 40 * MiB);
  if (total < minBytes && large.length > 0) {
    const extra = Math.ceil((minBytes - total) / large.length);
    for (const f of large) f.size += extra;
  }
  return files;
}

/** Writes a planned file to `file` and answers the SHA-256 (hex) of its contents. */
export async function writePlanned(planned: PlannedFile, seed: number, file: string): Promise<string> {
  const base = block(seed).subarray(0, SEGMENT);
  const hash = createHash('sha256');
  const out = createWriteStream(file);
  for (let offset = 0; offset < planned.size; offset += SEGMENT) {
    const length = Math.min(SEGMENT, planned.size - offset);
    const segment = new Uint8Array(length);
    const header = segmentHeader(planned.index, offset);
    segment.set(header.subarray(0, Math.min(header.length, length)));
    if (length > header.length) segment.set(base.subarray(header.length, length), header.length);
    hash.update(segment);
    if (!out.write(segment)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return hash.digest('hex');
}
