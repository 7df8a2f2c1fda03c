import type { Connectivity } from './connectivity.js';
import { DEFAULT_RESUME_MAX_AGE_MS, type ResumeStorage } from './resume-store.js';
import type { UploadTarget } from './targets/index.js';
import type { Restrictions } from './restrictions.js';
import type { ChunkSizing } from './transports/chunk-size.js';
import type { FileWithPath, UploadFileState } from './types.js';

/** A file offered to {@link UploaderOptions.onBeforeFileAdded}, with its path (the name when none). */
export interface FileCandidate extends FileWithPath {
  relativePath: string;
}

const MiB = 1024 * 1024;

/** Default largest chunk: 95 MiB, below the 100,000,000 bytes no production client exceeds. */
export const DEFAULT_MAX_CHUNK_BYTES = 95 * MiB;

/** Default smallest adaptive chunk: 5 MiB. */
export const DEFAULT_MIN_CHUNK_BYTES = 5 * MiB;

/** Options of an {@link Uploader}. */
export interface UploaderOptions {
  /** What the files are uploaded into. */
  target: UploadTarget;
  /** Files sent at the same time (default 3); small files go more at a time: see `smallFileConcurrency`. */
  concurrency?: number;
  /**
   * Files of up to 2 MiB sent at the same time (default four times `concurrency`: 12). Such a file waits
   * on round trips (its upload link, chunk and finalize), not on bandwidth, so more of them at once
   * finish sooner. A larger file takes the room of `smallFileConcurrency / concurrency` small ones.
   * `concurrency: 1, smallFileConcurrency: 1` sends one file at a time.
   */
  smallFileConcurrency?: number;
  /** Start each file as soon as it is added (default true); otherwise call `start()`. */
  autoStart?: boolean;
  /**
   * A fixed chunk size in bytes, or bounds for the adaptive size (default 8 MiB first, 5–95 MiB, 3 s a
   * chunk). The default ceiling stays below 100,000,000 bytes, the most any production Quatrix client
   * sends in one request. A chunk the server refuses as too large (413) is sent again, smaller.
   */
  chunkSize?: number | Partial<ChunkSizing>;
  /**
   * Quatrix transport: send the next chunk while the server still answers the last one (two in flight
   * at most), hiding the per-request round trip. Default false: one chunk at a time, in order, as every
   * production Quatrix client sends them. Only for servers that place chunks by `Content-Range`; a
   * server that refuses an overlapping chunk makes the upload fall back to one at a time by itself.
   */
  overlapChunks?: boolean;
  /** Automatic retries after the last progress (default 8), from `retryBaseMs` (500) doubling up to `retryMaxMs` (30 000). */
  maxRetries?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** An upload with no progress for this long is restarted (default 30 000 ms). */
  stallTimeoutMs?: number;
  /** With session auth, how often to keep the session alive while files are sent (default 5 minutes). */
  keepaliveIntervalMs?: number;
  /**
   * Where unfinished uploads are remembered across reloads; `false`: nowhere. Default: `localStorage`.
   * A record is removed when its file is done, cancelled or fails for good.
   */
  resume?: boolean | ResumeStorage;
  /**
   * With the default storage, how long an unfinished upload is remembered after it started, in ms
   * (default 24 hours): its upload key is a capability, kept no longer than it can be of use.
   */
  resumeMaxAgeMs?: number;
  /** Online/offline news; default: the browser's. */
  connectivity?: Connectivity;
  /** What the app accepts (types, sizes, number of files); see {@link Restrictions}. `Uploader.restrictions` changes it later. */
  restrictions?: Restrictions;
  /**
   * Called for each file before it is added, after nothing else: `false` leaves it out (`file-skipped`,
   * reason `vetoed`), a `File`, `Blob` or {@link FileWithPath} adds that in its place (renamed, resized,
   * with `meta`), anything else adds it as it is. A hook that throws leaves the file out. The
   * restrictions and the duplicate check apply to what it gives.
   */
  onBeforeFileAdded?: (file: FileCandidate) => boolean | File | Blob | FileWithPath | void;
  /**
   * Called before the files queued since its last call are sent, once for them all, and awaited: no byte
   * of them (nor their upload links) goes before it answers. `false` (or a rejection) keeps them waiting
   * in the list (`upload-vetoed`) and holds the engine until `start()`, which asks again. A file it let
   * through is not asked about again (pauses, retries).
   */
  onBeforeUpload?: (files: readonly UploadFileState[]) => boolean | void | Promise<boolean | void>;
}

/**
 * How one call the engine makes for a view (a PIN, a CAPTCHA token, the target's facts) is tried:
 * by default with the engine's retries; a view that shows its own "trying again" passes fewer and
 * hears of each retry.
 */
export interface CallOptions {
  signal?: AbortSignal | undefined;
  /** Retries after the first try (default: the engine's `maxRetries`). */
  maxRetries?: number | undefined;
  /** Called before each retry, with its number (1-based), the wait in ms and the failure. */
  onRetry?: ((attempt: number, delayMs: number, error: unknown) => void) | undefined;
}

/** The options with every default merged in, checked once. */
export interface ResolvedOptions {
  readonly concurrency: number;
  readonly smallFileConcurrency: number;
  readonly autoStart: boolean;
  readonly sizing: ChunkSizing;
  readonly fixedChunk: boolean;
  readonly maxRetries: number;
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
  readonly stallTimeoutMs: number;
  readonly keepaliveIntervalMs: number;
  readonly overlapChunks: boolean;
  readonly resumeMaxAgeMs: number;
  readonly onBeforeUpload: UploaderOptions['onBeforeUpload'];
}

/** Merges the defaults into `options`; throws a `RangeError` or `TypeError` naming a wrong option. */
export function resolveOptions(options: UploaderOptions): ResolvedOptions {
  const positive = (name: string, value: number | undefined, fallback: number): number => {
    const v = value ?? fallback;
    if (!(typeof v === 'number' && v > 0 && Number.isFinite(v)))
      throw new RangeError(`Uploader: "${name}" must be a number > 0`);
    return v;
  };
  if (!options.target) throw new TypeError('Uploader: "target" is required');
  const chunk = options.chunkSize;
  let sizing: ChunkSizing;
  if (typeof chunk === 'number') {
    sizing = { initial: chunk, min: chunk, max: chunk, targetSeconds: 1 };
  } else {
    const bounds = { min: DEFAULT_MIN_CHUNK_BYTES, max: DEFAULT_MAX_CHUNK_BYTES, ...chunk };
    // Bounds given without a first size: start at 8 MiB, within them.
    sizing = { initial: Math.min(bounds.max, Math.max(bounds.min, 8 * MiB)), targetSeconds: 3, ...bounds };
  }
  positive('chunkSize', sizing.initial, 1);
  if (sizing.min > sizing.max || sizing.initial < sizing.min || sizing.initial > sizing.max) {
    throw new RangeError('Uploader: "chunkSize" needs min <= initial <= max');
  }
  const maxRetries = options.maxRetries ?? 8;
  if (!(Number.isInteger(maxRetries) && maxRetries >= 0))
    throw new RangeError('Uploader: "maxRetries" must be a whole number >= 0');
  const concurrency = Math.floor(positive('concurrency', options.concurrency, 3));
  return {
    concurrency,
    smallFileConcurrency: Math.floor(
      positive('smallFileConcurrency', options.smallFileConcurrency, SMALL_FILE_SHARE * concurrency),
    ),
    autoStart: options.autoStart ?? true,
    sizing,
    fixedChunk: typeof chunk === 'number',
    maxRetries,
    retryBaseMs: positive('retryBaseMs', options.retryBaseMs, 500),
    retryMaxMs: positive('retryMaxMs', options.retryMaxMs, 30_000),
    stallTimeoutMs: positive('stallTimeoutMs', options.stallTimeoutMs, 30_000),
    keepaliveIntervalMs: positive('keepaliveIntervalMs', options.keepaliveIntervalMs, 5 * 60_000),
    overlapChunks: options.overlapChunks ?? false,
    resumeMaxAgeMs: positive('resumeMaxAgeMs', options.resumeMaxAgeMs, DEFAULT_RESUME_MAX_AGE_MS),
    onBeforeUpload: options.onBeforeUpload,
  };
}

/** A file up to this size counts as small: it goes more at a time (`smallFileConcurrency`). */
export const SMALL_FILE_BYTES = 2 * MiB;
/** How many small files go in the room of one larger file, by default. */
const SMALL_FILE_SHARE = 4;
