import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { fail } from './errors.js';
import type { Session } from './store.js';

/** Largest JSON body the API accepts. */
const MAX_JSON_BYTES = 1024 * 1024;

/** One request as the route handlers see it. */
export class Ctx {
  /** Path parameters captured by the route. */
  params: string[] = [];
  /** Headers to add to the answer. */
  readonly headers: Record<string, string | string[]> = {};

  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    readonly url: URL,
    /** The request body (behind any injected fault). */
    readonly body: Readable,
    /** `SameSite` of the session cookie. */
    private readonly cookieSameSite: 'Lax' | 'None' = 'Lax',
  ) {}

  get method(): string {
    return this.req.method ?? 'GET';
  }

  get ip(): string {
    return this.req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '';
  }

  /** The session token from `X-Auth-Token`, else from the `token` cookie. */
  get token(): string | undefined {
    const header = this.req.headers['x-auth-token'];
    if (typeof header === 'string' && header !== '') return header;
    const cookie = this.req.headers.cookie ?? '';
    const match = /(?:^|;\s*)token=([^;]+)/.exec(cookie);
    if (!match?.[1]) return undefined;
    try {
      return decodeURIComponent(match[1]);
    } catch {
      // Another app on this host may have set a `token` cookie of its own: it is not ours.
      return undefined;
    }
  }

  /** The Bearer API key, if sent. */
  get apiKey(): string | undefined {
    const auth = this.req.headers.authorization ?? '';
    return /^Bearer\s+(.+)$/i.exec(auth)?.[1]?.trim();
  }

  /** Email and password of `Authorization: Basic …`, if sent and well-formed. */
  get basic(): { email: string; password: string } | undefined {
    const raw = /^Basic\s+(.+)$/i.exec(this.req.headers.authorization ?? '')?.[1];
    if (!raw) return undefined;
    const text = Buffer.from(raw, 'base64').toString('utf8');
    const colon = text.indexOf(':');
    return colon < 0 ? undefined : { email: text.slice(0, colon), password: text.slice(colon + 1) };
  }

  /** Hands the session to the client: the `X-Auth-Token` header (exposed by CORS) and a cookie. */
  giveSession(session: Session): void {
    this.headers['X-Auth-Token'] = session.id;
    // `None` (with `Secure`) is the cookie a site meant to be embedded elsewhere would set: only the
    // browser's third-party cookie setting then keeps it from working across sites.
    const sameSite = this.cookieSameSite === 'None' ? 'SameSite=None; Secure' : 'SameSite=Lax';
    this.headers['Set-Cookie'] = `token=${session.id}; Path=/; HttpOnly; ${sameSite}`;
  }

  /** The JSON object body; an empty body is `{}`; anything else is a code-10 error. */
  async json(): Promise<Record<string, unknown>> {
    const chunks: Buffer[] = [];
    let size = 0;
    // Read to the end even when too large, so that the 413 answer reaches the client.
    for await (const chunk of this.body) {
      size += (chunk as Buffer).length;
      if (size <= MAX_JSON_BYTES) chunks.push(chunk as Buffer);
    }
    if (size > MAX_JSON_BYTES) fail(10, 'Request body too large', { limit: MAX_JSON_BYTES }, 413);
    const text = Buffer.concat(chunks).toString('utf8');
    if (text.trim() === '') return {};
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      fail(10, 'Request body is not valid JSON');
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      fail(10, 'Request body must be a JSON object');
    return value as Record<string, unknown>;
  }
}

/** Reads optional typed fields of a JSON body, answering code 10 (wrong type) or 11 (missing). */
export const field = {
  str(body: Record<string, unknown>, key: string): string {
    const v = body[key];
    if (v === undefined || v === null) fail(11, `Missing parameter: ${key}`, { field: key });
    if (typeof v !== 'string') fail(10, `Invalid parameter: ${key} must be a string`, { field: key });
    return v;
  },
  optStr(body: Record<string, unknown>, key: string): string | undefined {
    return body[key] === undefined || body[key] === null ? undefined : field.str(body, key);
  },
  num(body: Record<string, unknown>, key: string): number {
    const v = body[key];
    if (v === undefined || v === null) fail(11, `Missing parameter: ${key}`, { field: key });
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
      fail(10, `Invalid parameter: ${key} must be a number >= 0`, { field: key });
    return v;
  },
  optNum(body: Record<string, unknown>, key: string): number | undefined {
    return body[key] === undefined || body[key] === null ? undefined : field.num(body, key);
  },
  optBool(body: Record<string, unknown>, key: string): boolean | undefined {
    const v = body[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'boolean') fail(10, `Invalid parameter: ${key} must be a boolean`, { field: key });
    return v;
  },
  strList(body: Record<string, unknown>, key: string): string[] {
    const v = body[key];
    if (v === undefined || v === null) fail(11, `Missing parameter: ${key}`, { field: key });
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'string'))
      fail(10, `Invalid parameter: ${key} must be a list of ids`, { field: key });
    return v as string[];
  },
};
