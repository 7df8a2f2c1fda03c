/**
 * What the page's `navigator.onLine` answers, and the event that tells the change: the browser going
 * offline and coming back, as the engine sees it (requests still reach the emulator).
 */
export function setOnline(online: boolean): void {
  Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => online });
  window.dispatchEvent(new Event(online ? 'online' : 'offline'));
}
