/**
 * Smoothed speed of one upload: an exponentially weighted moving average over samples taken at least
 * `minIntervalMs` apart, so that bursts of progress events do not make the number jump.
 */
export class SpeedMeter {
  #lastBytes = 0;
  #lastTime: number | undefined;
  #value: number | undefined;

  readonly #halfLifeMs: number;
  readonly #minIntervalMs: number;

  constructor(halfLifeMs = 2000, minIntervalMs = 250) {
    this.#halfLifeMs = halfLifeMs;
    this.#minIntervalMs = minIntervalMs;
  }

  /** Records that `bytes` in all are sent at time `now` (ms). */
  sample(bytes: number, now: number): void {
    if (this.#lastTime === undefined) {
      this.#lastTime = now;
      this.#lastBytes = bytes;
      return;
    }
    const dt = now - this.#lastTime;
    if (dt < this.#minIntervalMs) return;
    const instant = (Math.max(0, bytes - this.#lastBytes) / dt) * 1000;
    const weight = 1 - 2 ** (-dt / this.#halfLifeMs);
    this.#value = this.#value === undefined ? instant : this.#value + (instant - this.#value) * weight;
    this.#lastTime = now;
    this.#lastBytes = bytes;
  }

  /** Forgets the past, e.g. after a pause: the next samples start a fresh measurement. */
  reset(): void {
    this.#lastTime = undefined;
    this.#value = undefined;
  }

  /** Bytes per second, or undefined until measured. */
  get bytesPerSecond(): number | undefined {
    return this.#value;
  }
}

/** Seconds left at a speed, or undefined when the speed is unknown or zero. */
export function etaSeconds(remainingBytes: number, bytesPerSecond: number | undefined): number | undefined {
  if (remainingBytes <= 0) return 0;
  if (!bytesPerSecond || bytesPerSecond <= 0) return undefined;
  return remainingBytes / bytesPerSecond;
}

/**
 * Runs `flush` at most once per animation frame however often `schedule()` is called (where there are
 * no frames, e.g. in a worker or in Node, at most every 50 ms).
 */
export class FrameCoalescer {
  #pending = false;

  readonly #flush: () => void;

  constructor(flush: () => void) {
    this.#flush = flush;
  }

  schedule(): void {
    if (this.#pending) return;
    this.#pending = true;
    const run = (): void => {
      this.#pending = false;
      this.#flush();
    };
    if (typeof requestAnimationFrame === 'function') {
      // A hidden tab runs no frames: the update waits until the page is seen again.
      requestAnimationFrame(run);
    } else {
      setTimeout(run, 50);
    }
  }
}
