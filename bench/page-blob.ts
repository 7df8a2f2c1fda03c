/**
 * What the benchmark pages share: one in-page Blob of seeded bytes (the same MiB repeated, so that the
 * Node side knows its hash without reading it back), and the page's JS heap.
 */
import { block } from './bytes.js';

declare global {
  interface Performance {
    memory?: { usedJSHeapSize: number };
  }
}

let blob: Blob | undefined;

/** Makes the Blob: `mib` times the MiB of `seed`; answers its size. */
export function prepareBlob(mib: number, seed: number): number {
  const one = block(seed);
  blob = new Blob(
    Array.from({ length: mib }, () => one),
    { type: 'application/octet-stream' },
  );
  return blob.size;
}

/** The Blob `prepareBlob()` made. */
export function preparedBlob(): Blob {
  if (!blob) throw new Error('prepare() first');
  return blob;
}

/** The page's JS heap in use, in bytes (Chromium started with --enable-precise-memory-info). */
export const heap = (): number => performance.memory?.usedJSHeapSize ?? 0;
