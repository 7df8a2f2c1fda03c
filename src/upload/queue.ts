import type { EngineContext } from './context.js';
import type { Entry } from './entry.js';
import type { Gates } from './gates.js';
import { SMALL_FILE_BYTES } from './options.js';
import type { Watchdog } from './watchdog.js';

/**
 * The queue: starts queued files in the order they were added, `concurrency` at a time (small files
 * `smallFileConcurrency` at a time, a larger one taking the room of several), while the
 * engine is started, online and not ended by a fatal failure, once `onBeforeUpload` let them through;
 * says `all-done` when every file ended.
 */
export class Queue {
  started: boolean;
  disposed = false;
  /** Whether any file had not ended at the last look: `all-done` is said once per busy spell. */
  #wasBusy = false;
  /** Whether `onBeforeUpload` is being asked (once at a time). */
  #asking = false;
  /**
   * Whether some queued file may not be let through yet: set when files are added, cleared once none
   * is, so that a queue of thousands is not looked through again each time a file ends.
   */
  #unasked = false;

  readonly #ctx: EngineContext;
  readonly #gates: Gates;
  readonly #watchdog: Watchdog;
  readonly #runFile: (entry: Entry) => Promise<void>;

  constructor(
    ctx: EngineContext,
    gates: Gates,
    watchdog: Watchdog,
    runFile: (entry: Entry) => Promise<void>,
    readonly vetoed: (entries: Entry[], error: unknown) => void,
    /** Called after `onBeforeUpload` answered (whatever it said). */
    readonly approved?: () => void,
  ) {
    this.#ctx = ctx;
    this.#gates = gates;
    this.#watchdog = watchdog;
    this.#runFile = runFile;
    this.started = ctx.options.autoStart;
  }

  /** Files were added: a busy spell begins. */
  added(): void {
    this.#wasBusy = true;
    this.#unasked = true;
  }

  pump(): void {
    const { book, options } = this.#ctx;
    if (!this.disposed && this.started && !this.#gates.fatalError && this.#watchdog.online) {
      this.#approve();
      // Room in small files: a larger file takes `large` of it. A little slack for fractions of it.
      const room = options.smallFileConcurrency + 1e-9;
      const large = options.smallFileConcurrency / options.concurrency;
      const roomOf = (entry: Entry): number => (entry.facts.size <= SMALL_FILE_BYTES ? 1 : large);
      let used = 0;
      for (const entry of book.active) used += roomOf(entry);
      for (const entry of book.entries) {
        // (A veto holds the queue.) In order: a larger file waits for its room, and the files after it too.
        if (used + 1 > room || !this.started) break;
        if (entry.state.status !== 'queued' || !entry.approved) continue;
        if (used + roomOf(entry) > room) break;
        if (this.#gates.hold(entry)) continue;
        used += roomOf(entry);
        book.active.add(entry);
        const run = (entry.run = (entry.run ?? 0) + 1);
        void this.#runFile(entry).finally(() => {
          // A paused and resumed file may run again already: only its own run lets go of its slot.
          if (entry.run === run) book.active.delete(entry);
          this.pump();
        });
      }
    }
    this.#settled();
  }

  /**
   * Asks `onBeforeUpload` about the queued files it has not let through yet: at once when there is no
   * hook or it answers at once, otherwise the queue goes on when it does.
   */
  #approve(): void {
    if (!this.#unasked || this.#asking) return;
    const fresh = this.#ctx.book.unapproved();
    // Vetoed files stay unasked until then: `start()` asks again.
    this.#unasked = fresh.length > 0;
    if (fresh.length === 0) return;
    const hook = this.#ctx.options.onBeforeUpload;
    const settle = (answer: boolean | void, error?: unknown): void => {
      if (answer === false) this.vetoed(fresh, error);
      else for (const e of fresh) e.approved = true;
    };
    if (!hook) {
      settle(true);
      return;
    }
    let answer: ReturnType<NonNullable<typeof hook>> | undefined;
    // Asking: a hook that adds, removes or starts files meanwhile does not ask again about these.
    this.#asking = true;
    try {
      answer = hook?.(fresh.map((e) => e.state));
    } catch (error) {
      this.#asking = false;
      settle(false, error);
      return;
    }
    // Any promise-like answer is awaited (another frame's Promise, a library's, a patched one).
    const pending = answer as PromiseLike<boolean | void> | boolean | void | undefined;
    if (typeof (pending as PromiseLike<unknown> | undefined)?.then !== 'function') {
      this.#asking = false;
      settle(pending as boolean | void);
      return;
    }
    Promise.resolve(pending as PromiseLike<boolean | void>)
      .then(
        (a) => settle(a),
        (error: unknown) => settle(false, error),
      )
      .finally(() => {
        this.#asking = false;
        this.pump();
        this.approved?.();
      });
  }

  #settled(): void {
    const { book, emit } = this.#ctx;
    this.#watchdog.watch(book.active.size > 0);
    const busy = book.busy();
    if (this.#wasBusy && !busy && book.entries.length > 0) {
      const files = book.entries.map((e) => e.state);
      emit('all-done', {
        successful: files.filter((f) => f.status === 'done'),
        failed: files.filter((f) => f.status === 'failed'),
      });
    }
    this.#wasBusy = busy;
  }
}
