import { percentOf } from '../entry.js';
import { etaSeconds, FrameCoalescer } from '../progress.js';
import type { UploaderState, UploadFileState, UploadStatus, UploadTotals } from '../types.js';

/**
 * The report stage: what views see. Changes are coalesced into at most one state a frame, delivered to
 * subscribers and as the `change` event.
 */
export class Reporter {
  readonly #subscribers = new Set<(state: UploaderState) => void>();
  readonly #coalescer = new FrameCoalescer(() => this.#flush());

  readonly #state: () => UploaderState;
  readonly #emitChange: (state: UploaderState) => void;

  constructor(state: () => UploaderState, emitChange: (state: UploaderState) => void) {
    this.#state = state;
    this.#emitChange = emitChange;
  }

  subscribe(listener: (state: UploaderState) => void): () => void {
    this.#subscribers.add(listener);
    return () => this.#subscribers.delete(listener);
  }

  /** Something changed: report it with the next frame. */
  changed(): void {
    this.#coalescer.schedule();
  }

  dispose(): void {
    this.#subscribers.clear();
  }

  #flush(): void {
    const state = this.#state();
    for (const listener of [...this.#subscribers]) listener(state);
    this.#emitChange(state);
  }
}

const ZERO_COUNTS: Record<UploadStatus, number> = {
  queued: 0,
  preparing: 0,
  uploading: 0,
  paused: 0,
  retrying: 0,
  finalizing: 0,
  done: 0,
  failed: 0,
  cancelled: 0,
  blocked: 0,
};

/**
 * Totals over every file on its way or arrived: a cancelled or failed file counts in neither the bytes
 * sent nor the bytes to send (a failed file's bytes did not arrive; tried again, it counts again).
 */
export function totalsOf(files: readonly UploadFileState[]): UploadTotals {
  const counts = { ...ZERO_COUNTS };
  let bytesUploaded = 0;
  let bytesTotal = 0;
  let speed: number | undefined;
  for (const f of files) {
    counts[f.status]++;
    if (f.status === 'cancelled' || f.status === 'failed') continue;
    bytesTotal += f.size;
    bytesUploaded += f.bytesUploaded;
    if (f.speed !== undefined) speed = (speed ?? 0) + f.speed;
  }
  return {
    bytesUploaded,
    bytesTotal,
    percent: percentOf(bytesUploaded, bytesTotal),
    speed,
    eta: etaSeconds(bytesTotal - bytesUploaded, speed),
    counts,
  };
}
