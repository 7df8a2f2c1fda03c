/** Whether the browser is online, and news when that changes. */
export interface Connectivity {
  readonly online: boolean;
  /** Calls `listener` on every change; returns a function that stops it. */
  subscribe(listener: (online: boolean) => void): () => void;
}

/** The browser's view: `navigator.onLine` and the `online`/`offline` events (works in workers too). */
export const browserConnectivity: Connectivity = {
  get online(): boolean {
    return typeof navigator === 'undefined' || navigator.onLine !== false;
  },
  subscribe(listener) {
    if (typeof globalThis.addEventListener !== 'function') return () => {};
    const online = (): void => listener(true);
    const offline = (): void => listener(false);
    globalThis.addEventListener('online', online);
    globalThis.addEventListener('offline', offline);
    return () => {
      globalThis.removeEventListener('online', online);
      globalThis.removeEventListener('offline', offline);
    };
  },
};
