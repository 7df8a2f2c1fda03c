import { createHash } from 'node:crypto';
import { notEncryptedTo } from './pgp.js';
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline, type Readable } from 'node:stream';
import { FileStore } from '@tus/file-store';
import { Server as TusServer } from '@tus/server';
import { testCaptchaVerifier, type CaptchaVerifier } from './captcha.js';
import { ApiFailure } from './errors.js';
import { dropAfter, FaultInjector, type FaultRule } from './faults.js';
import { Ctx } from './http.js';
import { insideRoot } from './names.js';
import { routes, type Reply, type Route, type SenderKeyEncoding } from './routes.js';
import { checkSeed, type Seed } from './seed.js';
import { Store, type FsNode, type RequestAuthFailure } from './store.js';
import { DEFAULT_CHUNK_LIMITS, type ChunkLimits } from './uploads.js';
import { writeAt } from './write-at.js';

export interface EmulatorOptions {
  seed: Seed;
  /** Where files are stored; default: a new temporary directory, removed by `close()`. */
  dataDir?: string;
  /** Loopback only by default. */
  host?: string;
  /** 0 (default): any free port. */
  port?: number;
  /** Idle time after which a session expires; default 15 minutes, as on Quatrix. */
  sessionTtlMs?: number;
  captchaVerifier?: CaptchaVerifier;
  faults?: FaultRule[];
  /**
   * Chunk protocol limits; default `{maxChunkBytes: 100_000_000, maxFileBytes: 64 GiB, order: 'append'}`.
   * `order: 'by-range'` places chunks by their `Content-Range`, in any order.
   */
  chunkLimits?: Partial<ChunkLimits>;
  /**
   * How a file-request call without sign-in is refused when the request has `request_auth`; default
   * `{status: 401, code: 70}` (our choice: Quatrix's answer is unknown; `{status: 403, code: 72}` is the
   * other candidate).
   */
  requestAuthFailure?: RequestAuthFailure;
  /** Status of a wrong widget CAPTCHA token: 200 (default) `{valid: false, files_remaining}` or 401 `{valid: false}`. */
  captchaRejectStatus?: 200 | 401;
  /** Origins allowed to call the API with credentials; default: any origin. */
  allowedOrigins?: string[];
  /** The file-request page; `{id}` becomes the request id. Default `{base}/request/{id}`. */
  requestPageUrl?: string;
  /** Log each request to stderr. */
  log?: boolean;
  /**
   * Benchmarks only: `PUT /__bench/raw/{name}` streams its body to a file, doing the same work per byte
   * as the chunk endpoint, as the ceiling a chunked upload is measured against. Off by default.
   */
  benchEndpoint?: boolean;
  /**
   * `SameSite` of the visitor's session cookie (default `Lax`, our choice: Quatrix's own is not
   * published). `None` (sent with `Secure`) makes the cookie usable across sites unless the browser
   * blocks third-party cookies: how a test proves the elements never need it.
   */
  cookieSameSite?: 'Lax' | 'None';
  /**
   * `created` of listed files in whole seconds (default false: seconds with a fraction, as `modified_ms`
   * is read by rclone). Our choice: the precision of Quatrix's `created` is not published, and it decides
   * how closely a client can tell which reservation it made.
   */
  wholeSecondCreated?: boolean;
  /**
   * How `files-return/metadata` spells `sender_key` (default `armored`): Quatrix does not publish it,
   * so the elements accept armoured text, base64 of it and base64 of the binary key, and the tests try
   * each.
   */
  senderKeyEncoding?: SenderKeyEncoding;
  /**
   * `files-return/send` of a request that demands encrypted returns refuses (code 10) a file that is
   * not an OpenPGP message encrypted to the requester's key (default false). Our choice, both ways:
   * whether Quatrix checks is not published, and the elements never send plaintext either way.
   */
  refuseUnencryptedReturns?: boolean;
}

/** One handled request, for tests that assert what reached the server. */
export interface LoggedRequest {
  method: string;
  path: string;
  /** The status answered; 0 when the connection was cut instead (an injected fault, or the client left). */
  status: number;
  contentRange?: string;
  /** When the request arrived and when its answer was sent (ms since the epoch). */
  startedAt: number;
  finishedAt: number;
}

/** A JSON answer about to be written, as `setAnswerTransform` sees it. */
export interface Answer {
  method: string;
  /** The URL path, e.g. `/api/1.0/widget/metadata/{id}` with the id filled in. */
  path: string;
  status: number;
  body: unknown;
}

/** Returns the body to write instead (`answer.body` to keep it; `undefined`: an empty body). */
export type AnswerTransform = (answer: Answer) => unknown;

/** A file as stored, for tests. */
export interface StoredFile {
  id: string;
  name: string;
  parentId: string;
  size: number;
  /** Path below the data directory's `files/`. */
  path: string;
  payload?: Record<string, unknown>;
}

const EXPOSED_HEADERS = ['X-Auth-Token', 'Mfa-Code', 'Retry-After'];
const DEFAULT_ALLOWED_HEADERS = ['Authorization', 'Content-Type', 'Content-Range', 'X-Auth-Token', 'Accept'];
const TUS_PATH = '/tus';
const LOGO = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#0b5fff"/><path d="M9 16a7 7 0 1 1 12 5l3 3" stroke="#fff" stroke-width="3" fill="none"/></svg>',
);

/**
 * A Quatrix site on loopback: the JSON API under `/api/1.0`, the chunk protocol at the root, and a
 * native tus endpoint under `/tus`, with sessions, CAPTCHA gating, file allowances, file requests,
 * on-disk storage and injectable faults.
 */
export class QuatrixEmulator {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  readonly store: Store;
  readonly faults = new FaultInjector();
  readonly requests: LoggedRequest[] = [];
  private benchEndpoint = false;
  private cookieSameSite: 'Lax' | 'None' = 'Lax';
  private answerTransform: AnswerTransform | undefined;

  private constructor(
    private readonly server: Server,
    url: string,
    store: Store,
    private readonly ownsDataDir: boolean,
    private readonly clock: { offset: number },
  ) {
    this.url = url;
    this.store = store;
  }

  static async start(options: EmulatorOptions): Promise<QuatrixEmulator> {
    checkSeed(options.seed);
    checkOptions(options);
    const ownsDataDir = options.dataDir === undefined;
    const dataDir = path.resolve(
      options.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'quatrix-emulator-'))),
    );
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
    });
    const address = server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    const url = `http://${host}:${address.port}`;
    const clock = { offset: 0 };
    const now = (): number => Date.now() + clock.offset;
    const store = new Store(options.seed, dataDir, now, options.sessionTtlMs ?? 15 * 60_000, {
      ...(options.requestAuthFailure ? { requestAuthFailure: options.requestAuthFailure } : {}),
    });
    const emulator = new QuatrixEmulator(server, url, store, ownsDataDir, clock);
    emulator.faults.set(options.faults ?? []);
    emulator.benchEndpoint = options.benchEndpoint ?? false;
    emulator.cookieSameSite = options.cookieSameSite ?? 'Lax';
    if (emulator.benchEndpoint) await mkdir(insideRoot(dataDir, 'bench'), { recursive: true });
    emulator.listen(options);
    return emulator;
  }

  private listen(options: EmulatorOptions): void {
    const pageTemplate = options.requestPageUrl ?? `${this.url}/request/{id}`;
    const table: Route[] = routes({
      store: this.store,
      captchaVerifier: options.captchaVerifier ?? testCaptchaVerifier,
      chunkLimits: { ...DEFAULT_CHUNK_LIMITS, ...options.chunkLimits },
      requestPageUrl: (id) => pageTemplate.replace('{id}', encodeURIComponent(id)),
      logo: { type: 'image/svg+xml', data: LOGO },
      captchaRejectStatus: options.captchaRejectStatus ?? 200,
      wholeSecondCreated: options.wholeSecondCreated ?? false,
      senderKeyEncoding: options.senderKeyEncoding ?? 'armored',
      refuseUnencryptedReturns: options.refuseUnencryptedReturns ?? false,
    });
    const allowed = options.allowedOrigins;
    const originAllowed = (origin: string): boolean => !allowed || allowed.includes(origin);
    const tus = new TusServer({
      path: TUS_PATH,
      datastore: new FileStore({ directory: insideRoot(this.store.dataDir, 'tus') }),
      allowedCredentials: true,
      allowedOrigins: allowed ?? ((origin: string) => origin !== ''),
    });
    this.server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      this.handle(req, res, table, tus, originAllowed, options.log ?? false).catch((error: unknown) => {
        console.error('emulator: unhandled failure', error);
        if (!res.headersSent) res.writeHead(500).end();
        else res.destroy();
      });
    });
  }

  private async handle(
    req: IncomingMessage,
    res: ServerResponse,
    table: Route[],
    tus: TusServer,
    originAllowed: (origin: string) => boolean,
    log: boolean,
  ): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const method = req.method ?? 'GET';
    const isTus = url.pathname === TUS_PATH || url.pathname.startsWith(`${TUS_PATH}/`);
    const startedAt = Date.now();
    const record = (status: number): void => {
      const entry: LoggedRequest = { method, path: url.pathname, status, startedAt, finishedAt: Date.now() };
      const range = req.headers['content-range'];
      if (typeof range === 'string') entry.contentRange = range;
      this.requests.push(entry);
      if (this.requests.length > 10_000) this.requests.splice(0, 5_000);
      if (log) console.error(`${method} ${url.pathname} ${status}`);
    };
    res.on('finish', () => record(res.statusCode));
    // A request handled but never answered (a lost answer, a cut connection) is logged too.
    res.on('close', () => {
      if (!res.writableFinished) record(0);
    });

    const origin = req.headers.origin;
    if (!isTus && origin && originAllowed(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
      res.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS.join(', '));
      res.setHeader('Vary', 'Origin');
    }
    if (!isTus && method === 'OPTIONS') {
      res.setHeader(
        'Access-Control-Allow-Methods',
        this.benchEndpoint ? 'GET, POST, PUT, OPTIONS' : 'GET, POST, OPTIONS',
      );
      res.setHeader(
        'Access-Control-Allow-Headers',
        req.headers['access-control-request-headers'] ?? DEFAULT_ALLOWED_HEADERS.join(', '),
      );
      res.setHeader('Access-Control-Max-Age', '600');
      // Only rules that ask for preflights delay them (`FaultRule.preflights`).
      const asked = req.headers['access-control-request-method'];
      const delay = this.faults.decide(
        typeof asked === 'string' ? asked.toUpperCase() : method,
        url.pathname,
        true,
      ).latencyMs;
      if (delay) await new Promise((r) => setTimeout(r, delay));
      res.writeHead(204).end();
      return;
    }

    const fault = method === 'OPTIONS' ? undefined : this.faults.decide(method, url.pathname);
    if (fault?.latencyMs) await new Promise((r) => setTimeout(r, fault.latencyMs));
    if (fault?.redirectTo !== undefined) {
      req.resume();
      const location = new URL(url.pathname + url.search, fault.redirectTo).href;
      res.writeHead(307, { Location: location, 'Content-Type': 'text/plain' }).end('Moved');
      return;
    }
    if (fault?.status !== undefined) {
      req.resume();
      const headers: Record<string, string> = { 'Content-Type': 'application/json' };
      if (fault.retryAfter !== undefined) headers['Retry-After'] = String(fault.retryAfter);
      res
        .writeHead(fault.status, headers)
        .end(JSON.stringify({ msg: `Injected fault: HTTP ${fault.status}`, code: -1 }));
      return;
    }
    let body: Readable = req;
    if (fault?.dropAfterBytes !== undefined) {
      const cut = (): void => {
        req.socket?.destroy();
      };
      if (isTus) cutSocketAfter(req, fault.dropAfterBytes, cut);
      // pipeline, not pipe: an aborted request must end the body stream too, or its reader hangs.
      else body = pipeline(req, dropAfter(fault.dropAfterBytes, cut), () => {});
    }

    if (isTus) {
      await tus.handle(req, res);
      return;
    }
    if (this.benchEndpoint && method === 'PUT' && url.pathname.startsWith('/__bench/raw/')) {
      const name = path.basename(decodeSegment(url.pathname.slice('/__bench/raw/'.length)));
      // The same positional writes as the chunk endpoint: the ceiling does the same work per byte.
      const handle = await open(insideRoot(this.store.dataDir, 'bench', name), 'w');
      try {
        await writeAt(body, handle, 0);
      } finally {
        await handle.close();
      }
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
      return;
    }

    const ctx = new Ctx(req, res, url, body, this.cookieSameSite);
    let reply: Reply;
    const route = table.find((r) => r.method === method && r.pattern.test(url.pathname));
    try {
      if (!route) {
        const known = table.some((r) => r.pattern.test(url.pathname));
        throw new ApiFailure(
          known ? 40 : 20,
          known ? 'Method not supported' : 'No such endpoint',
          undefined,
          known ? 405 : 404,
        );
      }
      ctx.params = (route.pattern.exec(url.pathname) ?? []).slice(1).map(decodeSegment);
      reply = await route.handler(ctx);
    } catch (error) {
      if (req.socket?.destroyed || res.destroyed) return;
      const failure = error instanceof ApiFailure ? error : new ApiFailure(-1, 'Internal error');
      if (!(error instanceof ApiFailure)) console.error('emulator: handler failed', error);
      reply = { status: failure.status, body: failure.body() };
      req.resume();
    }
    if (fault?.dropResponse) {
      req.socket.destroy();
      return;
    }
    const headers: Record<string, string | string[]> = {
      'Cache-Control': 'no-store',
      ...ctx.headers,
      ...reply.headers,
    };
    const status = reply.status ?? 200;
    if (Buffer.isBuffer(reply.body)) {
      res.writeHead(status, headers).end(reply.body);
    } else {
      const body = this.answerTransform
        ? this.answerTransform({ method, path: url.pathname, status, body: reply.body })
        : reply.body;
      headers['Content-Type'] = 'application/json; charset=utf-8';
      res.writeHead(status, headers).end(body === undefined ? '' : JSON.stringify(body));
    }
  }

  // ---- control, for tests and the demo ------------------------------------------------------------

  /** Replaces the fault rules (counters restart); `[]` turns faults off. */
  setFaults(rules: FaultRule[], seed?: number): void {
    this.faults.set(rules, seed);
  }

  /** How many requests each fault rule has hit since it was set. */
  faultHits(): number[] {
    return this.faults.hitCounts();
  }

  /**
   * Rewrites every JSON answer of the API and the chunk endpoint (errors included; not injected faults,
   * the logo or tus) just before it is written: for tests of tolerant decoding (`null` fields, missing
   * fields, other shapes). `undefined` removes the transform.
   */
  setAnswerTransform(transform?: AnswerTransform): void {
    this.answerTransform = transform;
  }

  /** Moves the emulator's clock forward: sessions expire, requests activate or expire. */
  advanceTime(ms: number): void {
    this.clock.offset += ms;
  }

  /**
   * Ends every session now, as their lifetime running out would, without moving the clock (so that
   * times the server gives stay in step with the client's clock).
   */
  expireSessions(): void {
    for (const session of this.store.sessions.values())
      session.lastAction = this.store.now() - this.store.sessionTtlMs - 1;
  }

  /** Makes every visitor pass the widget's CAPTCHA again (a CAPTCHA demanded half-way). */
  demandCaptcha(widgetId: string): void {
    for (const session of this.store.sessions.values()) session.captchaPassed.delete(widgetId);
  }

  /** Finalized files, optionally only those below a folder. */
  files(folderId?: string): StoredFile[] {
    const filesRoot = insideRoot(this.store.dataDir, 'files');
    const list: StoredFile[] = [];
    for (const node of this.store.nodes.values()) {
      if (node.type !== 'F' || node.state !== 'ready') continue;
      if (folderId !== undefined && !this.store.isWithin(node.id, folderId)) continue;
      list.push(this.describe(node, filesRoot));
    }
    return list;
  }

  private describe(node: FsNode, filesRoot: string): StoredFile {
    const file: StoredFile = {
      id: node.id,
      name: node.name,
      parentId: node.parentId,
      size: node.size,
      path: path.relative(filesRoot, this.store.diskPath(node.id)),
    };
    if (node.payload) file.payload = node.payload;
    return file;
  }

  /** SHA-256 (hex) of a stored file's content. */
  async sha256(fileId: string): Promise<string> {
    const node = this.store.nodes.get(fileId);
    if (!node || node.type !== 'F' || node.state !== 'ready') throw new Error(`no finished file ${fileId}`);
    return hashFile(this.store.diskPath(fileId));
  }

  /** The bytes of a finished file, base64 (tests that open what was stored, e.g. to decrypt it). */
  async contentBase64(fileId: string): Promise<string> {
    const node = this.store.nodes.get(fileId);
    if (!node || node.type !== 'F' || node.state !== 'ready') throw new Error(`no finished file ${fileId}`);
    return (await readFile(this.store.diskPath(fileId))).toString('base64');
  }

  /**
   * The files uploaded to a request that demands encrypted returns (sent or not) that are not OpenPGP
   * messages encrypted to its owner's key, each with what is wrong: empty when the return holds only
   * such messages.
   */
  async unencryptedReturns(requestId: string): Promise<Array<{ name: string; problem: string }>> {
    const request = this.store.requests.get(requestId);
    const key = request && this.store.users.get(request.owner)?.pgpPublicKey;
    if (!request?.returnPgpEncrypted || !key) throw new Error(`request ${requestId} asks for no encryption`);
    const ids = new Set<string>();
    for (const session of this.store.sessions.values())
      for (const id of session.returnLinked.get(requestId) ?? []) ids.add(id);
    const problems: Array<{ name: string; problem: string }> = [];
    for (const id of ids) {
      const node = this.store.nodes.get(id);
      if (node?.type !== 'F' || node.state !== 'ready') continue;
      const problem = await notEncryptedTo(this.store.diskPath(id), key);
      if (problem) problems.push({ name: node.name, problem });
    }
    return problems;
  }

  /** Removes a stored file (benchmarks free their disk between runs). */
  async deleteFile(fileId: string): Promise<void> {
    const node = this.store.nodes.get(fileId);
    if (!node || node.type !== 'F') throw new Error(`no file ${fileId}`);
    await rm(this.store.diskPath(fileId), { force: true });
    this.store.nodes.delete(fileId);
  }

  /** Where the bench endpoint stored `name`, and the tus store keeps upload `id`. */
  benchPath(name: string): string {
    return insideRoot(this.store.dataDir, 'bench', path.basename(name));
  }

  tusPath(uploadId: string): string {
    return insideRoot(this.store.dataDir, 'tus', path.basename(uploadId));
  }

  /** SHA-256 (hex) of an upload finished through the tus endpoint. */
  async tusSha256(uploadId: string): Promise<string> {
    return hashFile(this.tusPath(uploadId));
  }

  /** SHA-256 (hex) of a file any path below the data directory names (bench files). */
  static hashFile(file: string): Promise<string> {
    return hashFile(file);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    if (this.ownsDataDir) await rm(this.store.dataDir, { recursive: true, force: true });
  }
}

/** Invalid options stop the start at once, naming the option. */
function checkOptions(options: EmulatorOptions): void {
  const chunkAuth = options.chunkLimits?.chunkAuth;
  if (chunkAuth !== undefined && chunkAuth !== 'key' && chunkAuth !== 'session')
    throw new Error(`Invalid emulator option chunkLimits.chunkAuth: ${String(chunkAuth)} (key or session)`);
  const order = options.chunkLimits?.order;
  if (order !== undefined && order !== 'append' && order !== 'by-range')
    throw new Error(`Invalid emulator option chunkLimits.order: ${String(order)} (append or by-range)`);
  for (const key of ['maxChunkBytes', 'maxFileBytes'] as const) {
    const value = options.chunkLimits?.[key];
    if (value !== undefined && !(Number.isSafeInteger(value) && value > 0))
      throw new Error(`Invalid emulator option chunkLimits.${key}: ${value} (bytes > 0)`);
  }
  const failure = options.requestAuthFailure;
  if (
    failure !== undefined &&
    !(
      Number.isInteger(failure.status) &&
      failure.status >= 400 &&
      failure.status <= 599 &&
      Number.isInteger(failure.code)
    )
  )
    throw new Error('Invalid emulator option requestAuthFailure: {status: 4xx or 5xx, code: integer}');
  const reject = options.captchaRejectStatus;
  if (reject !== undefined && reject !== 200 && reject !== 401)
    throw new Error(`Invalid emulator option captchaRejectStatus: ${String(reject)} (200 or 401)`);
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new ApiFailure(10, 'Malformed path parameter');
  }
}

/**
 * Cuts the connection once about `limit` body bytes arrived, counting on the socket: the tus server
 * reads the request itself, so no second reader may sit on the body.
 */
function cutSocketAfter(req: IncomingMessage, limit: number, cut: () => void): void {
  const socket = req.socket;
  let seen = 0;
  const onData = (chunk: Buffer): void => {
    seen += chunk.length;
    if (seen >= limit) {
      socket.off('data', onData);
      cut();
    }
  };
  socket.on('data', onData);
  req.once('end', () => socket.off('data', onData));
}

async function hashFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
