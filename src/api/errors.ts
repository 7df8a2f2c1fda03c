import { QuatrixCode, quatrixCodeName } from './codes.js';

/** Which way a request failed; lets a caller `switch` without `instanceof`. */
export type QuatrixFailureKind = 'server' | 'response' | 'network' | 'timeout' | 'abort' | 'redirect';

/** HTTP statuses worth another try, as Quatrix's own clients do: throttling and transient server faults. */
const RETRYABLE_STATUSES = new Set([429, 500, 502, 503, 504, 509]);

/** Whether a failed request may succeed when sent again unchanged. */
export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUSES.has(status);
}

/**
 * The URL with upload keys hidden: a key alone lets anyone send or finalize that upload, so it must not
 * reach logs or event details. Credentials never appear in URLs at all: they travel in headers.
 */
export function redactUrl(url: string): string {
  return url.replace(/\/(upload\/chunked|upload\/finalize|widget\/finalize-upload)\/[^/?#]+/, '/$1/…');
}

/** Base of every failure of a Quatrix API call. */
export abstract class QuatrixRequestError extends Error {
  abstract readonly kind: QuatrixFailureKind;
  /** Whether sending the same request again may succeed. */
  abstract readonly retryable: boolean;
  /** URL of the failed request, upload keys hidden. */
  readonly url: string;

  constructor(
    message: string,
    /** HTTP method of the failed request. */
    readonly method: string,
    url: string,
    options?: { cause?: unknown },
  ) {
    super(message.replaceAll(url, redactUrl(url)), options);
    this.name = new.target.name;
    this.url = redactUrl(url);
  }
}

/** The server answered with a Quatrix error body `{msg, code, details}`. */
export class QuatrixError extends QuatrixRequestError {
  readonly kind = 'server' as const;
  /** HTTP status of the answer (4xx or 5xx). */
  readonly status: number;
  /** Quatrix error code; see {@link QuatrixCode}. */
  readonly code: number;
  /** The server's own text; for logs and event details, not for people (it is not localized). */
  readonly msg: string;
  /** Extra, per-call information from the server, if any. */
  readonly details: Readonly<Record<string, unknown>> | undefined;
  /** Seconds the server asked to wait (`Retry-After`), if it said. */
  readonly retryAfter: number | undefined;

  constructor(init: {
    method: string;
    url: string;
    status: number;
    code: number;
    msg: string;
    details?: Record<string, unknown> | undefined;
    retryAfter?: number | undefined;
  }) {
    const name = quatrixCodeName(init.code) ?? 'unlisted code';
    super(
      `${init.method} ${init.url} failed: HTTP ${init.status}, code ${init.code} (${name}): ${init.msg}`,
      init.method,
      init.url,
    );
    this.status = init.status;
    this.code = init.code;
    this.msg = init.msg;
    this.details = init.details;
    this.retryAfter = init.retryAfter;
  }

  get retryable(): boolean {
    return isRetryableStatus(this.status);
  }
}

/**
 * The server answered, but not with what the API promises: a non-JSON body, or JSON without a field the
 * product cannot work without (then `field` names it).
 */
export class QuatrixResponseError extends QuatrixRequestError {
  readonly kind = 'response' as const;
  /**
   * The required response field that was missing, `null` or of the wrong type, as a path in the body
   * (`session_id`, `content[2].id`, `[0].id` for an item of a list); undefined when the body as a whole
   * was wrong.
   */
  readonly field: string | undefined;

  constructor(
    message: string,
    method: string,
    url: string,
    /** HTTP status of the answer. */
    readonly status: number,
    /** The start of the body as text (at most 200 characters), for diagnosis. */
    readonly bodyExcerpt: string,
    options?: { cause?: unknown; field?: string | undefined },
  ) {
    super(
      `${method} ${url}: ${message} (HTTP ${status})`,
      method,
      url,
      options?.cause === undefined ? undefined : { cause: options.cause },
    );
    this.field = options?.field;
  }

  get retryable(): boolean {
    return isRetryableStatus(this.status);
  }
}

/**
 * The site answered with a redirect, which is never followed: a followed redirect would carry the
 * request's credentials (`X-Auth-Token` survives a cross-origin redirect) or a file's bytes to wherever
 * it points. Not retryable: the same request would be sent away again.
 */
export class QuatrixRedirectError extends QuatrixRequestError {
  readonly kind = 'redirect' as const;
  readonly retryable = false;

  constructor(
    method: string,
    url: string,
    /** HTTP status of the redirect, when the browser shows it (0: an opaque redirect). */
    readonly status: number,
  ) {
    super(`${method} ${url}: the site answered with a redirect, which is not followed`, method, url);
  }
}

/** No answer came: the connection failed, was refused or was dropped (offline, DNS, CORS, reset). */
export class QuatrixNetworkError extends QuatrixRequestError {
  readonly kind = 'network' as const;
  readonly retryable = true;

  constructor(method: string, url: string, cause: unknown) {
    super(`${method} ${url}: network failure`, method, url, { cause });
  }
}

/** No complete answer came within the request's time limit. */
export class QuatrixTimeoutError extends QuatrixRequestError {
  readonly kind = 'timeout' as const;
  readonly retryable = true;

  constructor(
    method: string,
    url: string,
    /** The limit that ran out, in milliseconds. */
    readonly timeoutMs: number,
  ) {
    super(`${method} ${url}: no answer within ${timeoutMs} ms`, method, url);
  }
}

/** The caller aborted the request through its `AbortSignal`. */
export class QuatrixAbortError extends QuatrixRequestError {
  readonly kind = 'abort' as const;
  readonly retryable = false;

  constructor(method: string, url: string, reason: unknown) {
    super(`${method} ${url}: aborted`, method, url, { cause: reason });
  }
}

/** Whether `error` is a Quatrix error body with the given code. */
export function isQuatrixCode(error: unknown, code: number): error is QuatrixError {
  return error instanceof QuatrixError && error.code === code;
}

/**
 * Whether the failure means "sign in first": an HTTP 401, or Quatrix code 72 (not allowed without
 * password) whatever the status. A file request that forces its recipient to sign in (`request_auth`)
 * is recognised by this, whichever of the two the server uses (the API reference does not say).
 */
export function isSignInRequired(error: unknown): boolean {
  return (
    error instanceof QuatrixError &&
    (error.status === 401 || error.code === QuatrixCode.NotAllowedWithoutPassword)
  );
}

/** `{msg, code, details?}` when `body` is a Quatrix error body, else undefined. */
function quatrixErrorBody(
  body: unknown,
): { code: number; msg: string; details?: Record<string, unknown> | undefined } | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const { code, msg, details } = body as Record<string, unknown>;
  if (typeof code !== 'number' || !Number.isInteger(code) || typeof msg !== 'string') return undefined;
  const detailsOk = typeof details === 'object' && details !== null && !Array.isArray(details);
  return { code, msg, details: detailsOk ? (details as Record<string, unknown>) : undefined };
}

/**
 * The typed error for a non-2xx answer: a `QuatrixError` when the body is a Quatrix error body, else a
 * `QuatrixResponseError`. Shared by the client's calls and the upload engine's chunk requests.
 */
export function errorFromAnswer(
  method: string,
  url: string,
  status: number,
  text: string,
  retryAfterHeader: string | null,
): QuatrixError | QuatrixResponseError {
  let body: unknown;
  try {
    body = text.trim() === '' ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  const error = quatrixErrorBody(body);
  if (!error) {
    return new QuatrixResponseError(
      'error without a Quatrix error body',
      method,
      url,
      status,
      text.slice(0, 200),
    );
  }
  return new QuatrixError({ method, url, status, ...error, retryAfter: parseRetryAfter(retryAfterHeader) });
}

/** `Retry-After` as seconds: either delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}
