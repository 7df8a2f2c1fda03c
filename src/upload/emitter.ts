/** A small typed event emitter: the engine's events, without the DOM. */
export class Emitter<Events extends object> {
  readonly #listeners = new Map<keyof Events, Set<(detail: never) => void>>();

  /** Calls `listener` on every `event`; returns a function that stops it. */
  on<K extends keyof Events>(event: K, listener: (detail: Events[K]) => void): () => void {
    let set = this.#listeners.get(event);
    if (!set) this.#listeners.set(event, (set = new Set()));
    set.add(listener as (detail: never) => void);
    return () => this.off(event, listener);
  }

  off<K extends keyof Events>(event: K, listener: (detail: Events[K]) => void): void {
    this.#listeners.get(event)?.delete(listener as (detail: never) => void);
  }

  protected emit<K extends keyof Events>(event: K, detail: Events[K]): void {
    for (const listener of [...(this.#listeners.get(event) ?? [])]) {
      try {
        (listener as (detail: Events[K]) => void)(detail);
      } catch (error) {
        // A failing listener must not break the upload; report it where developers look.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }
}
