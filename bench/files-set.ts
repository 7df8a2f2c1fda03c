/**
 * The file set of `npm run bench:files`, made the same way on the page and in Node: sizes drawn from a
 * seeded generator, log-uniform between 16 KiB and 1 MiB (as many small files as large ones per octave,
 * like a folder of documents and photos), and each file's bytes from its own seed, so that every run
 * sends the same files and Node knows their hashes without reading them back from the page.
 */
import { xorshiftBytes } from './bytes.js';

export const SMALLEST = 16 * 1024;
export const LARGEST = 1024 * 1024;

/** mulberry32: small, fast, the same sequence for the same seed. */
function generator(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    let t = (state = (state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SetFile {
  name: string;
  size: number;
  /** Seed of its bytes. */
  seed: number;
}

/** `count` files: names `file-0000.bin`…, log-uniform sizes, one byte seed each. */
export function fileSet(count: number, seed: number): SetFile[] {
  const random = generator(seed);
  const ratio = LARGEST / SMALLEST;
  return Array.from({ length: count }, (_, i) => ({
    name: `file-${String(i).padStart(4, '0')}.bin`,
    size: Math.round(SMALLEST * ratio ** random()),
    seed: seed * 100_003 + i + 1,
  }));
}

/** The bytes of one file: xorshift from its seed, as bench/bytes.ts makes a block. */
export function fileBytes(file: SetFile): Uint8Array<ArrayBuffer> {
  return xorshiftBytes(file.size, file.seed);
}
