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

/**
 * The wait before chunk retry `attempt` (0-based): the backoff, or longer when the server asked for it
 * (`Retry-After`, seconds) or an earlier answer set a time before which nothing may go (`notBefore`, ms
 * since the epoch).
 */
export function chunkRetryDelay(
  attempt: number,
  policy: { retryBaseMs: number; retryMaxMs: number },
  retryAfterSeconds: number,
  notBefore: number,
  now = Date.now(),
): number {
  const backoff = backoffDelay(attempt, policy.retryBaseMs, policy.retryMaxMs);
  const asked = Number.isFinite(retryAfterSeconds) && retryAfterSeconds > 0 ? retryAfterSeconds * 1000 : 0;
  return Math.max(backoff, asked, notBefore - now);
}

/** How {@link retryTransient} retries. */
export interface RetryPolicy {
  /** Retries after the first try (default 8). */
  maxRetries?: number | undefined;
  /** First backoff in ms (default 500), doubling up to `maxMs` (default 30 000), with full jitter. */
  baseMs?: number | undefined;
  maxMs?: number | undefined;
  /** Stops waiting and trying; the step gets it too. */
  signal?: AbortSignal | undefined;
  /** Whether the browser is online (default: `navigator.onLine`); offline, a failure is final at once. */
  online?: (() => boolean) | undefined;
  /** Called before each wait, with the retry number (1-based), the wait in ms and the failure. */
  onRetry?: ((attempt: number, delayMs: number, error: unknown) => void) | undefined;
}

/** Why a retry loop stopped waiting: its signal was aborted. */
export class RetryAborted extends Error {
  constructor() {
    super('retries stopped');
    this.name = 'RetryAborted';
  }
}

/**
 * The one retry policy for API steps, as Quatrix's production clients retry: network failures,
 * time-outs, 429 and 500/502/503/504/509 (the error's `retryable`), with exponential backoff and full
 * jitter, never shorter than a `Retry-After` the server asked for. Anything else fails at once.
 */
export async function retryTransient<T>(
  step: (signal: AbortSignal | undefined) => Promise<T>,
  policy: RetryPolicy = {},
): Promise<T> {
  const maxRetries = policy.maxRetries ?? 8;
  const online = policy.online ?? (() => globalThis.navigator?.onLine !== false);
  for (let attempt = 0; ; attempt++) {
    try {
      return await step(policy.signal);
    } catch (error) {
      const failure = error as { retryable?: unknown; retryAfter?: unknown; cause?: unknown } | undefined;
      // An UploadError keeps the API error in `cause`.
      const cause = (
        failure && typeof failure === 'object' && 'retryable' in failure ? failure : failure?.cause
      ) as { retryable?: unknown; retryAfter?: unknown } | undefined;
      if (policy.signal?.aborted || cause?.retryable !== true || attempt >= maxRetries || !online())
        throw error;
      const asked = typeof cause.retryAfter === 'number' ? cause.retryAfter * 1000 : 0;
      const delay = Math.max(backoffDelay(attempt, policy.baseMs ?? 500, policy.maxMs ?? 30_000), asked);
      policy.onRetry?.(attempt + 1, delay, error);
      await wait(delay, policy.signal);
    }
  }
}

function wait(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new RetryAborted());
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(new RetryAborted());
      },
      { once: true },
    );
  });
}
