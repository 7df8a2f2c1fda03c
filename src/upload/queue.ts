import type { EngineContext } from './context.js';
import type { Entry } from './entry.js';
import type { Gates } from './gates.js';
import type { Watchdog } from './watchdog.js';

/**
 * The queue: starts queued files in the order they were added, `concurrency` at a time, while the
 * engine is started, online and not ended by a fatal failure; says `all-done` when every file ended.
 */
export class Queue {
  started: boolean;
  disposed = false;
  /** Whether any file had not ended at the last look: `all-done` is said once per busy spell. */
  #wasBusy = false;

  readonly #ctx: EngineContext;
  readonly #gates: Gates;
  readonly #watchdog: Watchdog;
  readonly #runFile: (entry: Entry) => Promise<void>;

  constructor(
    ctx: EngineContext,
    gates: Gates,
    watchdog: Watchdog,
    runFile: (entry: Entry) => Promise<void>,
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
  }

  pump(): void {
    const { book, options } = this.#ctx;
    if (!this.disposed && this.started && !this.#gates.fatalError && this.#watchdog.online) {
      for (const entry of book.entries) {
        if (book.active.size >= options.concurrency) break;
        if (entry.state.status !== 'queued' || this.#gates.hold(entry)) continue;
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

  #settled(): void {
    const { book, emit } = this.#ctx;
    this.#watchdog.watch(book.active.size > 0);
    const busy = book.unended().length > 0;
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
