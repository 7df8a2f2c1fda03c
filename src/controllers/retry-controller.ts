import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { retryTransient, type CallOptions } from '../upload/index.js';

/**
 * Retries of a call someone waits for on screen (loading a page, signing in, sending): four, about
 * 4–8 s with backoff, then the failure is shown with "Try again" rather than a longer wait.
 */
export const INTERACTIVE_RETRIES = 4;

/**
 * The calls an element makes while someone waits on screen (loading a page, signing in, sending), with
 * the one retry policy: `retrying` says, for the view, that a call failed for now and goes again; after
 * a few tries the failure comes through, for the element to show with "Try again".
 */
export class RetryController implements ReactiveController {
  /** A call failed for now and is being tried again. */
  retrying = false;
  #abort = new AbortController();

  readonly #host: ReactiveControllerHost;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  /** Aborted by `reset()`: a call that started before must not touch the element any more. */
  get signal(): AbortSignal {
    return this.#abort.signal;
  }

  hostConnected(): void {
    // Calls start with the element's own setting up; a moved element keeps the ones under way.
  }

  /** Lets go of every call under way (the element is set up anew). */
  reset(): void {
    this.#abort.abort();
    this.#abort = new AbortController();
    this.#setRetrying(false);
  }

  /** Runs one call with retries. */
  run<T>(step: (signal: AbortSignal | undefined) => Promise<T>): Promise<T> {
    return this.call((options) => retryTransient(step, options));
  }

  /**
   * Runs one call that retries by itself (an engine call), with this controller's signal, number of
   * retries and "trying again".
   */
  call<T>(step: (options: Required<CallOptions>) => Promise<T>): Promise<T> {
    const signal = this.#abort.signal;
    return step({
      signal,
      maxRetries: INTERACTIVE_RETRIES,
      onRetry: () => this.#setRetrying(true),
    }).finally(() => {
      if (!signal.aborted) this.#setRetrying(false);
    });
  }

  #setRetrying(on: boolean): void {
    if (this.retrying === on) return;
    this.retrying = on;
    this.#host.requestUpdate();
  }
}
