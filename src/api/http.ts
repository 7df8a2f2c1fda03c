import { Fields, type BodyContext } from './decode.js';
import {
  errorFromAnswer,
  QuatrixAbortError,
  QuatrixNetworkError,
  QuatrixRedirectError,
  QuatrixResponseError,
  QuatrixTimeoutError,
} from './errors.js';
import type { QuatrixAuth, RequestOptions } from './types.js';

/** Options of a {@link QuatrixClient}. */
export interface QuatrixClientOptions {
  /** The site's base URL, e.g. `https://acme.quatrix.it`. The API is under `/api/1.0`. */
  site: string;
  /** How to authenticate; default `{type: 'none'}`. */
  auth?: QuatrixAuth | undefined;
  /** A visitor session to continue (public endpoints only); normally learned from the server. */
  visitorToken?: string | undefined;
  /** Time limit per call in milliseconds (default 30 000; 0: none). */
  timeout?: number | undefined;
  /** Cookie policy; default `include` for public and session auth (the server may rely on its cookie), `omit` for API keys. */
  credentials?: RequestCredentials | undefined;
  /** The `fetch` to use; default `globalThis.fetch`. */
  fetch?: typeof globalThis.fetch | undefined;
}

export interface CallInit extends RequestOptions {
  query?: Record<string, string | number | undefined> | undefined;
  json?: unknown;
  body?: BodyInit | undefined;
  headers?: Record<string, string> | undefined;
  /** `api` (default): under `/api/1.0`; `site`: at the site root (the chunk protocol). */
  base?: 'api' | 'site' | undefined;
  /** A non-2xx answer whose JSON body this accepts is returned as an answer instead of thrown. */
  answerOn?: ((status: number, body: unknown) => boolean) | undefined;
}

export interface Answer {
  status: number;
  headers: Headers;
  body: unknown;
  ctx: BodyContext;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const MAX_TIMER_MS = 2 ** 31 - 1;

function checkTimeout(timeout: number | undefined): void {
  if (timeout !== undefined && !(typeof timeout === 'number' && timeout >= 0)) {
    throw new TypeError('QuatrixClient: "timeout" must be a number of milliseconds >= 0 (0: none)');
  }
}
const SESSION_HEADER = 'X-Auth-Token';

/** Sentinel reason that tells a time-out apart from a caller's abort. */
class TimeoutSignal {}

/**
 * The transport under {@link QuatrixClient}: the site, how requests are authenticated, and one `call()`
 * that sends a request (time limit, abort, no redirect followed) and turns every failure into a typed
 * `QuatrixRequestError`.
 */
export abstract class QuatrixHttp {
  /** Site root without a trailing slash. */
  readonly siteUrl: string;
  /** API root (`{site}/api/1.0`). */
  readonly apiUrl: string;
  #_auth: QuatrixAuth;
  #_visitorToken: string | undefined;
  readonly #timeout: number;
  readonly #credentials: RequestCredentials | undefined;
  readonly #fetchImpl: typeof globalThis.fetch;

  constructor(options: QuatrixClientOptions) {
    let site: URL;
    try {
      site = new URL(options.site);
    } catch {
      throw new TypeError(
        `QuatrixClient: "site" must be an absolute URL, got ${JSON.stringify(options.site)}`,
      );
    }
    if (site.protocol !== 'https:' && site.protocol !== 'http:') {
      throw new TypeError(`QuatrixClient: "site" must be an http(s) URL, got ${site.protocol}`);
    }
    checkTimeout(options.timeout);
    this.siteUrl = site.origin + site.pathname.replace(/\/+$/, '');
    this.apiUrl = `${this.siteUrl}/api/1.0`;
    this.#_auth = options.auth ?? { type: 'none' };
    this.#_visitorToken = options.visitorToken;
    this.#timeout = options.timeout ?? DEFAULT_TIMEOUT_MS;
    this.#credentials = options.credentials;
    const fetchImpl = options.fetch ?? globalThis.fetch;
    if (typeof fetchImpl !== 'function') throw new TypeError('QuatrixClient: no fetch is available');
    this.#fetchImpl = fetchImpl.bind(globalThis);
  }

  /** The current authentication. */
  get auth(): QuatrixAuth {
    return this.#_auth;
  }

  set auth(auth: QuatrixAuth) {
    this.#_auth = auth;
  }

  /** The visitor session the server assigned to this client (public endpoints), if any. */
  get visitorToken(): string | undefined {
    return this.#_visitorToken;
  }

  /**
   * Headers that authenticate a request to this site: the one place they are made, so that the upload
   * engine's chunk requests carry exactly what API calls carry.
   */
  authHeaders(): Record<string, string> {
    switch (this.#_auth.type) {
      case 'apiKey':
        return { Authorization: `Bearer ${this.#_auth.apiKey}` };
      case 'session':
        return { [SESSION_HEADER]: this.#_auth.sessionToken };
      case 'none':
        return this.#_visitorToken ? { [SESSION_HEADER]: this.#_visitorToken } : {};
    }
  }

  /** Cookie policy of this client's requests. */
  get requestCredentials(): RequestCredentials {
    return this.#credentials ?? (this.#_auth.type === 'apiKey' ? 'omit' : 'include');
  }

  /** URL of the chunk endpoint for an upload key (site root, not under `/api/1.0`). */
  chunkUrl(uploadKey: string): string {
    return `${this.siteUrl}/upload/chunked/${encodeURIComponent(uploadKey)}`;
  }

  /** URL of the site's logo image (`GET /account/logo`). */
  get logoUrl(): string {
    return `${this.apiUrl}/account/logo`;
  }

  // ---- transport -----------------------------------------------------------------------------------

  protected async object(method: string, path: string, init?: CallInit): Promise<Fields> {
    const answer = await this.call(method, path, init);
    return Fields.of(answer.body, answer.ctx);
  }

  protected async call(method: string, path: string, init: CallInit = {}): Promise<Answer> {
    const url = new URL((init.base === 'site' ? this.siteUrl : this.apiUrl) + path);
    for (const [key, value] of Object.entries(init.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const href = url.href;
    const headers: Record<string, string> = {
      Accept: 'application/json',
      ...this.authHeaders(),
      ...init.headers,
    };
    let body = init.body;
    if (init.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(init.json);
    }

    const outer = init.signal;
    if (outer?.aborted) throw new QuatrixAbortError(method, href, outer.reason);
    const controller = new AbortController();
    const onAbort = (): void => controller.abort(outer?.reason);
    outer?.addEventListener('abort', onAbort, { once: true });
    checkTimeout(init.timeout);
    const limit = init.timeout ?? this.#timeout;
    // Beyond setTimeout's 32-bit range (e.g. Infinity) means no limit, not an instant time-out.
    const timer =
      limit > 0 && limit <= MAX_TIMER_MS
        ? setTimeout(() => controller.abort(new TimeoutSignal()), limit)
        : undefined;
    const failure = (cause: unknown): Error => {
      if (controller.signal.aborted) {
        return controller.signal.reason instanceof TimeoutSignal
          ? new QuatrixTimeoutError(method, href, limit)
          : new QuatrixAbortError(method, href, controller.signal.reason);
      }
      return new QuatrixNetworkError(method, href, cause);
    };

    try {
      let response: Response;
      try {
        response = await this.#fetchImpl(href, {
          method,
          headers,
          body,
          signal: controller.signal,
          credentials: this.requestCredentials,
          // Never follow: the credentials in the headers would go along to wherever it points.
          redirect: 'manual',
        });
      } catch (error) {
        throw failure(error);
      }
      // Browsers give an opaque redirect (status 0); Node's fetch gives the 3xx itself.
      if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400))
        throw new QuatrixRedirectError(method, href, response.status);
      this.#learnVisitorToken(response);
      let text: string;
      try {
        text = await response.text();
      } catch (error) {
        throw failure(error);
      }
      return this.#interpret(method, href, response, text, init.answerOn);
    } finally {
      if (timer !== undefined) clearTimeout(timer);
      outer?.removeEventListener('abort', onAbort);
    }
  }

  #learnVisitorToken(response: Response): void {
    const token = response.headers.get(SESSION_HEADER);
    if (token && this.#_auth.type === 'none') this.#_visitorToken = token;
  }

  #interpret(
    method: string,
    url: string,
    response: Response,
    text: string,
    answerOn: CallInit['answerOn'],
  ): Answer {
    const ctx: BodyContext = { method, url, status: response.status };
    if (!response.ok) {
      if (answerOn) {
        const body = parseOrUndefined(text);
        if (answerOn(response.status, body))
          return { status: response.status, headers: response.headers, body, ctx };
      }
      throw errorFromAnswer(method, url, response.status, text, response.headers.get('Retry-After'));
    }
    let body: unknown;
    if (text.trim() !== '') {
      try {
        body = JSON.parse(text);
      } catch (error) {
        throw new QuatrixResponseError('body is not JSON', method, url, response.status, text.slice(0, 200), {
          cause: error,
        });
      }
    }
    return { status: response.status, headers: response.headers, body, ctx };
  }
}

function parseOrUndefined(text: string): unknown {
  try {
    return text.trim() === '' ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}
