import type { Connectivity } from './connectivity.js';
import type { Emit, FileBook } from './files.js';
import type { CallOptions, ResolvedOptions } from './options.js';
import type { ResumeBook } from './resume.js';
import type { UploadTarget } from './targets/index.js';

/** What every part of the engine shares: made once by the `Uploader`, handed to each stage. */
export interface EngineContext {
  readonly target: UploadTarget;
  readonly options: ResolvedOptions;
  readonly connectivity: Connectivity;
  readonly book: FileBook;
  readonly resume: ResumeBook;
  readonly emit: Emit;
  /**
   * Runs an API step with the retry policy for passing failures (network, 429, 5xx); `call` may ask
   * for fewer retries and hear of each.
   */
  withRetries<T>(
    signal: AbortSignal | undefined,
    step: (signal: AbortSignal | undefined) => Promise<T>,
    call?: Omit<CallOptions, 'signal'>,
  ): Promise<T>;
}
