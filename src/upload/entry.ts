import type { EncryptedCopy } from './encryption/copies.js';
import { SpeedMeter } from './progress.js';
import type { Destination, FileFacts } from './targets/index.js';
import type { ChunkLedger } from './transports/quatrix-http-stack.js';
import type { SavedCopy } from './resume-store.js';
import type { FileSource, UploadFileState } from './types.js';

/** Why a running step was stopped on purpose: not a failure. */
export class Stopped extends Error {}

/** The transfer of one file's bytes under way, as the transfer stage runs it. */
export interface ActiveTransfer {
  /** Ends it: the transfer stage rejects with `reason`. */
  stop(reason: Error): void;
  /** Cuts the requests in flight and starts again from the confirmed offset (after a stall). */
  restart(): void;
  /** The size of the chunks it cuts from now on. */
  setChunkSize(bytes: number): void;
}

/** The engine's private record of one file; views only ever see `UploadFileState` snapshots. */
export interface Entry {
  state: UploadFileState;
  readonly facts: FileFacts;
  readonly folderPath: readonly string[];
  readonly resumeKey: string;
  /**
   * The encrypted copy to send, once the prepare stage made it (a target that wants files encrypted):
   * its bytes, where it is kept, how to let go of it, the facts it is sent under (`<name>.pgp`, its
   * size) and the fingerprint of the key it is encrypted to.
   */
  copy?: EncryptedCopy & { readonly sent: FileFacts; readonly key: string };
  /** The encrypted copy an earlier visit was sending, from its resume record, until reopened. */
  savedCopy?: SavedCopy;
  destination?: Destination;
  ledger?: ChunkLedger;
  tusUrl?: string;
  transfer?: ActiveTransfer;
  /** Aborts the step under way (API calls). */
  controller?: AbortController;
  readonly speed: SpeedMeter;
  lastProgressAt: number;
  chunkStartedAt: number;
  /** Where the file can be read again after a reload, and whether that was written down. */
  source?: FileSource;
  sourceKept?: boolean;
  /** `onBeforeUpload` let it through (or there is none): it may be sent. */
  approved?: boolean;
  /** Counts the runs of this file, so that an old run cannot free the slot of a new one. */
  run?: number;
  /** Stall restarts since the last confirmed chunk. */
  stalls: number;
  /** No retry before this time (ms since the epoch): the longest `Retry-After` any chunk was given. */
  notBefore: number;
  chunkBytes: number;
  /** The largest chunk the server took for this file: lowered by each 413. */
  chunkCap: number;
  /** Deleting the reservation of a cancelled or failed upload: a new link waits for it. */
  discarding?: Promise<void>;
  /** When the first try to reserve this file began (ms since the epoch), until one succeeds. */
  linkSince?: number;
  /** Its upload key belongs to a session that ended: a refusal of it means start afresh. */
  keyOfEndedSession?: boolean;
}

/** The facts of what is sent for this file: its encrypted copy's, or its own. */
export function sentFacts(entry: Entry): FileFacts {
  return entry.copy?.sent ?? entry.facts;
}

/** The share of `size` that `bytes` is, 0–100 (0 for an empty file). */
export function percentOf(bytes: number, size: number): number {
  return size === 0 ? 0 : Math.min(100, (bytes / size) * 100);
}
