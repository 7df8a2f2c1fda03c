import type { EngineContext } from './context.js';
import { Stopped, type Entry } from './entry.js';
import type { UploadError } from './errors.js';
import { TERMINAL_STATUSES, type UploadResult } from './types.js';

/** How a file's run ends: stopped on purpose, done, or failed; and what each leaves on the server. */
export class Outcomes {
  readonly #ctx: EngineContext;

  constructor(ctx: EngineContext) {
    this.#ctx = ctx;
  }

  /** Stops whatever runs for this file, silently, and frees its slot. */
  halt(entry: Entry): void {
    entry.controller?.abort();
    entry.controller = undefined;
    entry.transfer?.stop(new Stopped());
    entry.transfer = undefined;
    this.#ctx.book.active.delete(entry);
  }

  succeed(entry: Entry, result: UploadResult): void {
    this.#ctx.resume.forget(entry);
    this.releaseCopy(entry);
    entry.transfer = undefined;
    // Sent whole: the record of its chunks, and the transfer its callbacks hold, can go.
    entry.ledger = undefined;
    const moved = this.#ctx.book.move(entry, 'done', {
      bytesUploaded: entry.facts.size,
      percent: 100,
      speed: undefined,
      eta: 0,
      result,
      retryAt: undefined,
    });
    if (moved) this.#ctx.emit('file-done', { file: entry.state, result });
  }

  fail(entry: Entry, error: UploadError): void {
    entry.transfer = undefined;
    this.releaseCopy(entry);
    if (error.reason === 'unauthorized' && entry.destination) {
      // The session ended: the reservation cannot be deleted now, and its key is all that finds it
      // again. Key and record stay until the file is tried again after signing in (here, or in a new
      // engine from the record): then the dead key is dropped, the reservation deleted, and the file
      // starts afresh under its own name.
      entry.keyOfEndedSession = true;
    } else if (error.reason === 'unauthorized' && entry.linkSince !== undefined) {
      this.#ctx.resume.rememberReserving(entry, entry.linkSince);
    } else {
      this.discard(entry);
      // Failed for good: its upload key is no longer kept anywhere but in this page's memory.
      this.#ctx.resume.forget(entry);
    }
    const moved = this.#ctx.book.move(entry, 'failed', {
      error,
      speed: undefined,
      eta: undefined,
      retryAt: undefined,
    });
    if (moved) this.#ctx.emit('file-failed', { file: entry.state, error });
  }

  /** Lets go of a file's encrypted copy: a later try encrypts again, for a reservation of its own. */
  releaseCopy(entry: Entry): void {
    if (!entry.copy) return;
    void entry.copy.release();
    entry.copy = undefined;
    // Its reservation held the copy's bytes: a new copy goes to a new one.
    this.#ctx.resume.dropReservation(entry);
  }

  /**
   * The page lets go of a file (the engine is disposed): an encrypted copy whose upload a later visit
   * can continue (kept in the origin-private file system, its reservation written down) stays in place;
   * any other is removed.
   */
  leaveCopy(entry: Entry): void {
    if (entry.copy?.name && entry.destination && !TERMINAL_STATUSES.has(entry.state.status)) {
      entry.copy.leave();
      entry.copy = undefined; // its record stays: this page no longer sends it
    } else this.releaseCopy(entry);
  }

  /**
   * Deletes the server's reservation of a cancelled or finally failed upload, where the target can, so
   * no unfinished file stays behind in the folder; the file then starts afresh if tried again.
   */
  discard(entry: Entry): void {
    const destination = entry.destination;
    const target = this.#ctx.target;
    if (destination?.transport !== 'quatrix' || !target.discard) return;
    this.#ctx.resume.dropReservation(entry);
    const previous = entry.discarding ?? Promise.resolve();
    entry.discarding = previous
      .then(() => this.#ctx.withRetries(undefined, (signal) => target.discard!(destination, { signal })))
      .catch(() => undefined);
  }
}
