import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { UploadTarget } from '../upload/targets/types.js';
import type { UploaderState } from '../upload/types.js';
import { Uploader, type UploaderOptions } from '../upload/uploader.js';

/** What a view may do to the files: one, by id, or all without one. */
export interface FileActions {
  pause(id?: string): void;
  resume(id?: string): void;
  retry(id?: string): void;
  cancel(id?: string): void;
}

/** What the host does with each engine: its `quatrix-*` events, and how it sets itself up again. */
export interface UploaderHooks {
  /** Wires an engine's events to the host (DOM events, announcements); answers how to unwire them. */
  bridge(uploader: Uploader): Array<() => void>;
  /** The host came back to the page after its engine was let go: set up anew. */
  revive(): void;
}

/**
 * The one place where the upload engine meets Lit: owns the host's engine (makes, swaps and disposes
 * it), keeps the host's view of its state and asks the host to render when it changes (at most once
 * per animation frame, as the engine coalesces).
 *
 * A host that leaves the page for good (still out of it once the current task is over; a move
 * within the page is not leaving) lets go of its engine: uploads under way stop, their timers and
 * listeners go, and their resume records stay. Back in the page, the host sets itself up again and
 * lists those uploads as unfinished: choosing the same files continues them.
 */
export class UploaderController implements ReactiveController, FileActions {
  state: UploaderState | undefined;
  #uploader: Uploader | undefined;
  #unsubscribe: (() => void) | undefined;
  #unwire: Array<() => void> = [];
  #connected = false;
  #leaving: ReturnType<typeof setTimeout> | undefined;
  /** The engine was let go when the host left: set up again when it comes back. */
  #left = false;
  readonly #host: ReactiveControllerHost;
  readonly #hooks: UploaderHooks;

  constructor(host: ReactiveControllerHost, hooks: UploaderHooks) {
    this.#host = host;
    this.#hooks = hooks;
    host.addController(this);
  }

  /** The engine of the current set-up, if any. */
  get uploader(): Uploader | undefined {
    return this.#uploader;
  }

  // The file actions of template parts: they reach the engine of the moment, or nothing.
  pause(id?: string): void {
    this.#uploader?.pause(id);
  }

  resume(id?: string): void {
    this.#uploader?.resume(id);
  }

  retry(id?: string): void {
    this.#uploader?.retry(id);
  }

  cancel(id?: string): void {
    this.#uploader?.cancel(id);
  }

  /** Makes the engine for `target`, wired to the host; the one before is disposed. */
  use(target: UploadTarget, options: Partial<UploaderOptions> = {}): Uploader {
    this.drop();
    const uploader = new Uploader({ target, ...options });
    this.#uploader = uploader;
    this.#unwire = this.#hooks.bridge(uploader);
    this.state = uploader.getState();
    if (this.#connected) this.#listen(uploader);
    this.#host.requestUpdate();
    return uploader;
  }

  /** Disposes the engine, if any, and stops following it. */
  drop(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    this.#unwire.forEach((unwire) => unwire());
    this.#unwire = [];
    this.#uploader?.dispose();
    this.#uploader = undefined;
    this.state = undefined;
    this.#host.requestUpdate();
  }

  hostConnected(): void {
    this.#connected = true;
    clearTimeout(this.#leaving);
    this.#leaving = undefined;
    if (this.#left) {
      this.#left = false;
      this.#hooks.revive();
    } else if (this.#uploader && !this.#unsubscribe) this.#listen(this.#uploader);
  }

  hostDisconnected(): void {
    this.#connected = false;
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    // A move within the page connects again in the same task: only a host still out after it has left.
    this.#leaving = setTimeout(() => {
      this.#leaving = undefined;
      if (this.#connected || !this.#uploader) return;
      this.drop();
      this.#left = true;
    }, 0);
  }

  #listen(uploader: Uploader): void {
    this.state = uploader.getState();
    this.#unsubscribe = uploader.subscribe((state) => {
      this.state = state;
      this.#host.requestUpdate();
    });
  }
}
