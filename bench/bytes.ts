/**
 * 1 MiB of xorshift bytes for a seed: the page and the Node side of the benchmark make the same block,
 * so the expected hash of N repetitions is known without reading the upload back into the page.
 */
export function block(seed: number): Uint8Array<ArrayBuffer> {
  return xorshiftBytes(1024 * 1024, seed);
}

/** `size` xorshift bytes for a seed (not compressible, never all zero). */
export function xorshiftBytes(size: number, seed: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(size);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < bytes.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = x & 0xff;
  }
  return bytes;
}
