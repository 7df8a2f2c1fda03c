import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Uploader, UploaderState } from '../upload/index.js';

/**
 * The one place where the upload engine meets Lit: keeps the host's view of the engine's state and asks
 * the host to render when it changes (at most once per animation frame, as the engine coalesces).
 */
export class UploaderController implements ReactiveController {
  state: UploaderState | undefined;
  #uploader: Uploader | undefined;
  #unsubscribe: (() => void) | undefined;

  readonly #host: ReactiveControllerHost;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  /** Follows another engine (or none). */
  attach(uploader: Uploader | undefined): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    this.#uploader = uploader;
    this.state = uploader?.getState();
    if (uploader && this.#connected) this.#listen(uploader);
    this.#host.requestUpdate();
  }

  #connected = false;

  hostConnected(): void {
    this.#connected = true;
    if (this.#uploader && !this.#unsubscribe) this.#listen(this.#uploader);
  }

  hostDisconnected(): void {
    // Moving the element in the page must not stop its uploads: only stop listening.
    this.#connected = false;
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
  }

  #listen(uploader: Uploader): void {
    this.state = uploader.getState();
    this.#unsubscribe = uploader.subscribe((state) => {
      this.state = state;
      this.#host.requestUpdate();
    });
  }
}
