import { html, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { keyed } from 'lit/directives/keyed.js';

/** One message for screen readers. */
export interface Announcement {
  readonly text: string;
  /** Errors: spoken at once, interrupting (`role=alert`); everything else waits its turn politely. */
  readonly urgent?: boolean;
  /**
   * What the message is about (`progress`, `connection`…): a newer message on the same topic replaces
   * one still waiting, so that nothing stale (25 % after 75 %, offline after online) is ever spoken.
   */
  readonly topic?: string;
}

/**
 * The one queue of what screen readers hear: one message at a time, each in a live region of its own
 * for at least {@link Announcer.gapMs}, so that none is cut off or merged into the next; errors go
 * first, through the assertive region. Each message is a new node, so the same words twice are
 * spoken twice.
 */
export class Announcer implements ReactiveController {
  /** The least time a message stays before the next one replaces it. */
  static gapMs = 1000;

  #queue: Announcement[] = [];
  #current: Announcement | undefined;
  #count = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #host: ReactiveControllerHost;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  /** Queues `text`; see {@link Announcement}. Empty text is ignored. */
  say(text: string, options: Omit<Announcement, 'text'> = {}): void {
    if (!text) return;
    if (options.topic) this.forget(options.topic);
    const message = { text, ...options };
    // Errors go before the polite messages still waiting, after the errors already waiting.
    const at = message.urgent ? this.#queue.findIndex((m) => !m.urgent) : -1;
    if (at === -1) this.#queue.push(message);
    else this.#queue.splice(at, 0, message);
    if (!this.#timer) this.#next();
  }

  /** Drops the waiting messages on these topics (no longer true). */
  forget(...topics: string[]): void {
    this.#queue = this.#queue.filter((m) => !m.topic || !topics.includes(m.topic));
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#queue = [];
  }

  /** The two live regions, polite and assertive, holding the message being spoken. */
  render(): TemplateResult {
    const current = this.#current;
    const region = (urgent: boolean): unknown =>
      current && !!current.urgent === urgent ? keyed(this.#count, html`<span>${current.text}</span>`) : '';
    return html`<div class="visually-hidden" role="status" aria-live="polite">${region(false)}</div>
      <div class="visually-hidden" role="alert" aria-live="assertive">${region(true)}</div>`;
  }

  #next(): void {
    this.#timer = undefined;
    const message = this.#queue.shift();
    if (!message) return;
    this.#current = message;
    this.#count++;
    this.#host.requestUpdate();
    this.#timer = setTimeout(() => this.#next(), Announcer.gapMs);
  }
}
