const MiB = 1024 * 1024;

/** Bounds and target of the adaptive chunk size. */
export interface ChunkSizing {
  /** Bytes of the first chunk, before anything is measured. */
  initial: number;
  min: number;
  max: number;
  /** Seconds one chunk should take at the measured speed. */
  targetSeconds: number;
}

/**
 * Next chunk size from the last chunk's measured throughput: about `targetSeconds` of sending, within
 * `[min, max]`, a whole number of MiB, and at most four times the last chunk (one fast measurement on
 * an idle link should not produce a huge chunk that then stalls; four times reaches 95 MiB from 8 MiB
 * in two steps, where each request costs about 15 ms on a fast link).
 */
export function nextChunkSize(sizing: ChunkSizing, lastChunkBytes: number, lastChunkMs: number): number {
  if (lastChunkMs <= 0 || lastChunkBytes <= 0) return sizing.initial;
  const bytesPerSecond = (lastChunkBytes / lastChunkMs) * 1000;
  const wanted = Math.min(bytesPerSecond * sizing.targetSeconds, lastChunkBytes * 4);
  const rounded = Math.max(MiB, Math.round(wanted / MiB) * MiB);
  return Math.min(sizing.max, Math.max(sizing.min, rounded));
}

/** A 413 halves the chunk, but never below this: a server that refuses 256 KiB refuses uploads. */
export const SMALLEST_CHUNK_BYTES = 256 * 1024;

/**
 * The largest chunk to send after the server refused one of `refusedBytes` as too large (413): half of
 * it, or undefined when that would be below {@link SMALLEST_CHUNK_BYTES} and the file fails.
 */
export function shrunkChunk(refusedBytes: number): number | undefined {
  const smaller = Math.floor(refusedBytes / 2);
  return smaller < SMALLEST_CHUNK_BYTES ? undefined : smaller;
}
