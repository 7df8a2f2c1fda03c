import type { EngineContext } from './context.js';
import { Stopped, type Entry } from './entry.js';
import { toUploadError, UploadError } from './errors.js';
import type { FolderTree } from './folders.js';
import type { Gates } from './gates.js';
import type { Outcomes } from './outcomes.js';
import type { PrepareStage } from './stages/prepare.js';
import type { TransferStage } from './stages/transfer.js';

/** The stages a run needs, made once their code is fetched. */
interface Stages {
  readonly prepare: PrepareStage;
  readonly transfer: TransferStage;
  readonly code: typeof import('./stages/send.js');
}

/**
 * One run of a file through its stages: prepare (gates, bytes, reservation) → transfer → finalize,
 * and what a failure on the way means for the file and for the others.
 */
export class Journey {
  readonly #ctx: EngineContext;
  readonly #gates: Gates;
  readonly #outcomes: Outcomes;
  readonly #folders: FolderTree;
  #stages: Promise<Stages> | undefined;

  constructor(ctx: EngineContext, gates: Gates, outcomes: Outcomes, folders: FolderTree) {
    this.#ctx = ctx;
    this.#gates = gates;
    this.#outcomes = outcomes;
    this.#folders = folders;
  }

  /**
   * Fetches the stages' code (once; again after a failure) and makes them. Rejects as a network
   * failure, which a retry can fix, when the code cannot be fetched (offline, blocked).
   */
  load(): Promise<Stages> {
    return (this.#stages ??= import('./stages/send.js').then(
      (code) => ({
        prepare: new code.PrepareStage(this.#ctx, this.#gates, this.#folders),
        transfer: new code.TransferStage(this.#ctx),
        code,
      }),
      (error: unknown) => {
        this.#stages = undefined;
        throw new UploadError('network', 'could not load the upload code', { cause: error });
      },
    ));
  }

  async run(entry: Entry): Promise<void> {
    const controller = (entry.controller = new AbortController());
    const signal = controller.signal;
    try {
      this.#ctx.book.move(entry, 'preparing');
      const { prepare, transfer, code } = await this.load();
      if (signal.aborted) throw new Stopped();
      const body = await prepare.prepare(entry, signal);
      code.ensurePreparing(entry, signal);
      const destination = entry.destination!;
      const result =
        (await transfer.send(entry, destination, body)) ??
        (await code.finalize(this.#ctx, entry, destination));
      this.#outcomes.succeed(entry, result);
    } catch (error) {
      if (error instanceof Stopped || signal.aborted) return;
      const failure = toUploadError(error);
      if (
        (entry.state.resumed || entry.keyOfEndedSession) &&
        (failure.reason === 'not-found' || failure.reason === 'unauthorized')
      ) {
        // The upload of an earlier visit is gone, or its key belonged to a session that has ended:
        // drop it and start afresh, unless even that cannot be cleaned up (this session ended too).
        if (await this.#startAfresh(entry, signal)) return this.run(entry);
        if (signal.aborted) return;
      }
      this.#handleFailure(entry, failure);
    } finally {
      if (entry.controller === controller) entry.controller = undefined;
    }
  }

  #handleFailure(entry: Entry, error: UploadError): void {
    if ((error.reason === 'network' || error.reason === 'server') && !this.#ctx.connectivity.online) {
      // Offline, a passing failure (no answer, or a 5xx/429 that came as the connection went) waits
      // for the connection, even when the 'offline' event has not arrived yet.
      this.#ctx.book.move(entry, 'paused', { pausedBy: 'offline', speed: undefined, eta: undefined });
      return;
    }
    if (!this.#gates.onFailure(entry, error)) this.#outcomes.fail(entry, error);
  }

  /**
   * Lets go of an earlier visit's upload whose key no longer works. Where the target can, the file the
   * server reserved for it is deleted first, so that the fresh upload keeps the name instead of
   * becoming `name (1)`; should that fail (the current session ended too), the record stays, to be
   * cleaned up after signing in again, and this answers false.
   */
  async #startAfresh(entry: Entry, signal: AbortSignal): Promise<boolean> {
    const stale = entry.destination;
    const target = this.#ctx.target;
    if (stale?.transport === 'quatrix' && target.discard) {
      try {
        await this.#ctx.withRetries(signal, (s) => target.discard!(stale, { signal: s }));
      } catch (error) {
        // Deleted already (or never made): nothing is left to clean up.
        if (toUploadError(error).reason !== 'not-found') return false;
      }
    }
    if (signal.aborted) return false;
    this.#ctx.resume.dropReservation(entry);
    entry.keyOfEndedSession = false;
    this.#ctx.book.patch(entry, { resumed: false, bytesUploaded: 0, percent: 0 });
    return true;
  }
}
