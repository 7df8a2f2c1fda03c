import { isRetryableStatus } from '../api/index.js';

/**
 * Delay before retry `attempt` (0-based): exponential from `base`, capped at `max`, with "full jitter"
 * (a random share of it), so that many clients that failed together do not come back together.
 */
export function backoffDelay(
  attempt: number,
  base: number,
  max: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(max, base * 2 ** attempt);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** Whether an HTTP status (0: no answer at all) is worth another try: network faults, 408, 429, 5xx. */
export function shouldRetryStatus(status: number): boolean {
  return status === 0 || isRetryableStatus(status);
}

/** Bounds and target of the adaptive chunk size. */
export interface ChunkSizing {
  /** Bytes of the first chunk, before anything is measured. */
  initial: number;
  min: number;
  max: number;
  /** Seconds one chunk should take at the measured speed. */
  targetSeconds: number;
}

const MiB = 1024 * 1024;

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
