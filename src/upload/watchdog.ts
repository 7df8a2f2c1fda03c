import type { EngineContext } from './context.js';
import { UploadError } from './errors.js';

/**
 * Watches the engine while files are sent: the connection going and coming back, uploads that stall
 * (restarted from the confirmed offset, up to `maxRetries` times), and the session kept alive.
 */
export class Watchdog {
  #stallTimer: ReturnType<typeof setInterval> | undefined;
  #keepaliveTimer: ReturnType<typeof setInterval> | undefined;
  readonly #unsubscribe: () => void;

  readonly #ctx: EngineContext;

  constructor(ctx: EngineContext, on: { offline(): void; online(): void }) {
    this.#ctx = ctx;
    this.#unsubscribe = ctx.connectivity.subscribe((online) => (online ? on.online() : on.offline()));
  }

  get online(): boolean {
    return this.#ctx.connectivity.online;
  }

  /** Watches while any file runs; lets go of the timers when none does. */
  watch(running: boolean): void {
    const { target, options } = this.#ctx;
    if (running && !this.#stallTimer) {
      this.#stallTimer = setInterval(() => this.#checkStalls(), Math.min(1000, options.stallTimeoutMs / 2));
      if (target.client.auth.type === 'session' || target.key.startsWith('request:')) {
        this.#keepaliveTimer = setInterval(() => {
          target.client.keepalive().catch(() => undefined);
        }, options.keepaliveIntervalMs);
      }
    } else if (!running && this.#stallTimer) {
      clearInterval(this.#stallTimer);
      clearInterval(this.#keepaliveTimer);
      this.#stallTimer = this.#keepaliveTimer = undefined;
    }
  }

  dispose(): void {
    this.#unsubscribe();
    this.watch(false);
  }

  /** An upload with no progress for `stallTimeoutMs` is cut and started again from the confirmed offset. */
  #checkStalls(): void {
    const { book, options } = this.#ctx;
    const now = performance.now();
    for (const entry of book.active) {
      const transfer = entry.transfer;
      if (entry.state.status !== 'uploading' || !transfer) continue;
      if (now - entry.lastProgressAt < options.stallTimeoutMs) continue;
      entry.lastProgressAt = now;
      if (++entry.stalls > options.maxRetries) {
        entry.transfer = undefined;
        transfer.stop(
          new UploadError(
            'network',
            `no progress for ${options.stallTimeoutMs} ms, ${entry.stalls - 1} times`,
          ),
        );
        continue;
      }
      book.move(entry, 'retrying', { retryAttempt: entry.stalls, retryAt: Date.now() });
      transfer.restart();
    }
  }
}
