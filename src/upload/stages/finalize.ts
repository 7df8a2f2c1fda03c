import type { EngineContext } from '../context.js';
import { sentFacts, type Entry } from '../entry.js';
import { UploadError } from '../errors.js';
import type { Destination } from '../targets/index.js';
import type { UploadResult } from '../types.js';

/**
 * The finalize stage: every byte is sent, the target completes the file; a stored size other than the
 * file's fails it (`size-mismatch`).
 */
export async function finalize(
  ctx: EngineContext,
  entry: Entry,
  destination: Destination,
): Promise<UploadResult> {
  ctx.book.move(entry, 'finalizing', { speed: undefined, eta: 0, retryAt: undefined });
  const result = await ctx.withRetries(entry.controller?.signal, (signal) =>
    ctx.target.finalize(destination, sentFacts(entry), { signal }),
  );
  const { size, name } = sentFacts(entry);
  if (result.size !== size) {
    throw new UploadError('size-mismatch', `the server stored ${result.size} bytes of ${size}`, {
      details: { expected: size, stored: result.size },
    });
  }
  // Renamed on a clash: said, never silently.
  const stored = destination.transport === 'quatrix' ? destination.name : undefined;
  return stored && stored !== name ? { ...result, storedName: stored } : result;
}
