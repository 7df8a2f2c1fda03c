/**
 * The chunk HTTP stack driven by the chunk loop, over a fake XMLHttpRequest: each test asserts the
 * exact requests on the wire (method, URL, Content-Range, credentials) and what the loop concludes,
 * for a fresh upload, a resume, a lost answer, a refusal, an overlap refused by an appending server, a
 * server that wants credentials, a redirect and an abort.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { ChunkUpload } from '../../../src/upload/transports/chunk-upload.js';
import {
  ChunkRedirectedError,
  QuatrixHttpStack,
  type ChunkCredentials,
  type ChunkLedger,
} from '../../../src/upload/transports/quatrix-http-stack.js';

const URL_ = 'https://site.example/upload/chunked/key-1';

type Listener = (() => void) | null;

/** Stands in for XMLHttpRequest: records what is sent; the test answers each request by hand. */
class FakeXhr {
  static sent: FakeXhr[] = [];
  static waiting: Array<(xhr: FakeXhr) => void> = [];

  method = '';
  url = '';
  readonly headers: Record<string, string> = {};
  withCredentials = true;
  body: Blob | undefined;
  status = 0;
  responseText = '';
  responseURL = '';
  aborted = false;
  private responseHeaders: Record<string, string> = {};
  readonly upload: {
    onprogress: ((event: { lengthComputable: boolean; loaded: number }) => void) | null;
    onload: Listener;
  } = { onprogress: null, onload: null };
  onload: Listener = null;
  onerror: Listener = null;
  ontimeout: Listener = null;
  onabort: Listener = null;

  open(method: string, url: string): void {
    this.method = method;
    this.url = url;
  }

  setRequestHeader(name: string, value: string): void {
    this.headers[name] = value;
  }

  getResponseHeader(name: string): string | null {
    return this.responseHeaders[name] ?? null;
  }

  send(body: Blob): void {
    this.body = body;
    FakeXhr.sent.push(this);
    FakeXhr.waiting.shift()?.(this);
  }

  abort(): void {
    this.aborted = true;
    this.onabort?.();
  }

  /** The body goes out, up to `loaded` bytes. */
  progress(loaded: number): void {
    this.upload.onprogress?.({ lengthComputable: true, loaded });
    if (loaded === this.body!.size) this.upload.onload?.();
  }

  /** The whole body goes out and the server answers. */
  answer(status: number, headers: Record<string, string> = {}, body = '', finalUrl = this.url): void {
    this.progress(this.body!.size);
    this.status = status;
    this.responseHeaders = headers;
    this.responseText = body;
    this.responseURL = finalUrl;
    this.onload?.();
  }

  /** The connection drops before any answer. */
  lose(): void {
    this.onerror?.();
  }

  /** `Content-Range` as `start-end`. */
  get range(): string {
    return /bytes (\d+-\d+)\/\d+/.exec(this.headers['Content-Range'] ?? '')?.[1] ?? '?';
  }
}

/** The next request sent (already sent, or the next one to be). */
function nextXhr(): Promise<FakeXhr> {
  const index = FakeXhr.sent.length;
  return new Promise((resolve) => {
    const check = (): void => {
      const xhr = FakeXhr.sent[index];
      if (xhr) resolve(xhr);
      else FakeXhr.waiting.push(() => check());
    };
    check();
  });
}

interface Run {
  ledger: ChunkLedger;
  done: Promise<'success' | Error>;
  upload: ChunkUpload;
  confirmed: Array<[offset: number, bytes: number]>;
}

/** Every upload a test started: aborted after it, so none sends into the next test. */
const runs: ChunkUpload[] = [];

/** A chunk loop sending `size` bytes in chunks of `chunkSize`, through the stack. */
function start(
  size: number,
  options: {
    chunkSize?: number;
    confirmed?: number;
    uncertain?: { start: number; end: number };
    overlap?: boolean;
    credentials?: ChunkCredentials;
    retries?: number;
  } = {},
): Run {
  const confirmed: Array<[number, number]> = [];
  const ledger: ChunkLedger = {
    size,
    confirmed: options.confirmed ?? 0,
    uncertain: options.uncertain,
    onConfirmed: (offset, bytes) => confirmed.push([offset, bytes]),
  };
  let settle!: (outcome: 'success' | Error) => void;
  const done = new Promise<'success' | Error>((resolve) => (settle = resolve));
  const upload = new ChunkUpload(new Blob([Buffer.alloc(size, 7)]), {
    uploadUrl: URL_,
    uploadSize: size,
    chunkSize: options.chunkSize ?? 100,
    retryDelays: Array.from({ length: options.retries ?? 3 }, () => 0),
    httpStack: new QuatrixHttpStack(ledger, false, options.overlap ?? false, options.credentials),
    onSuccess: () => settle('success'),
    onError: (error) => settle(error),
  });
  upload.start();
  runs.push(upload);
  return { ledger, done, upload, confirmed };
}

describe('QuatrixHttpStack under the chunk loop', () => {
  const realXhr = (globalThis as { XMLHttpRequest?: unknown }).XMLHttpRequest;
  const realFetch = globalThis.fetch;

  beforeEach(() => {
    FakeXhr.sent = [];
    FakeXhr.waiting = [];
    (globalThis as { XMLHttpRequest?: unknown }).XMLHttpRequest = FakeXhr;
  });
  afterEach(async () => {
    await Promise.all(runs.splice(0).map((upload) => upload.abort()));
    (globalThis as { XMLHttpRequest?: unknown }).XMLHttpRequest = realXhr;
    globalThis.fetch = realFetch;
  });

  it('should send the chunks in order as POSTs with Content-Range and no credential, then succeed', async () => {
    const run = start(250);
    for (const range of ['0-99', '100-199', '200-249']) {
      const xhr = await nextXhr();
      assert.equal(xhr.method, 'POST');
      assert.equal(xhr.url, URL_);
      assert.equal(xhr.range, range);
      assert.equal(xhr.headers['Content-Range'], `bytes ${range}/250`);
      assert.equal(xhr.headers['Content-Type'], 'application/octet-stream');
      assert.equal(xhr.withCredentials, false);
      assert.deepEqual(Object.keys(xhr.headers).sort(), ['Content-Range', 'Content-Type']);
      xhr.answer(200, {}, '"file-id"');
    }
    assert.equal(await run.done, 'success');
    assert.equal(FakeXhr.sent.length, 3);
    assert.equal(run.ledger.confirmed, 250);
    assert.deepEqual(run.confirmed, [
      [0, 100],
      [100, 100],
      [200, 50],
    ]);
  });

  it('should resume from the confirmed offset without asking the network', async () => {
    const run = start(250, { confirmed: 200 });
    const xhr = await nextXhr();
    assert.equal(xhr.range, '200-249');
    xhr.answer(200);
    assert.equal(await run.done, 'success');
    assert.equal(FakeXhr.sent.length, 1);
  });

  it('should send a chunk again after a lost answer, and count it received when an appending server refuses the re-send', async () => {
    const run = start(300);
    (await nextXhr()).answer(200);
    const lost = await nextXhr();
    assert.equal(lost.range, '100-199');
    lost.lose();
    assert.deepEqual(run.ledger.uncertain, { start: 100, end: 200 });
    const again = await nextXhr();
    assert.equal(again.range, '100-199');
    // The server has it already: its end is no longer where this chunk starts.
    again.answer(400, {}, '{"code":10,"msg":"Chunk does not start at the end of the received bytes"}');
    const next = await nextXhr();
    assert.equal(next.range, '200-299');
    next.answer(200);
    assert.equal(await run.done, 'success');
    assert.deepEqual(
      FakeXhr.sent.map((x) => x.range),
      ['0-99', '100-199', '100-199', '200-299'],
    );
    assert.equal(run.ledger.uncertain, undefined);
  });

  it('should take a 400 to a chunk for a sign that the server has it: the browser may have re-sent it by itself', async () => {
    // Chromium sends a request again by itself when a reused connection drops before the answer: the
    // server stored the first copy, refuses the second (it only appends), and only that refusal arrives.
    const run = start(200);
    (await nextXhr()).answer(
      400,
      {},
      '{"code":10,"msg":"Chunk does not start at the end of the received bytes"}',
    );
    const next = await nextXhr();
    assert.equal(next.range, '100-199');
    next.answer(200);
    assert.equal(await run.done, 'success');
    assert.deepEqual(
      FakeXhr.sent.map((x) => x.range),
      ['0-99', '100-199'],
    );
  });

  it('should pass any other refusal on to the loop, which does not retry a 4xx', async () => {
    const run = start(200);
    (await nextXhr()).answer(403, {}, '{"code":70}');
    const outcome = await run.done;
    assert.ok(outcome instanceof Error);
    assert.equal(FakeXhr.sent.length, 1);
  });

  it('should retry a 503 from the same offset and keep nothing of the failed try', async () => {
    const run = start(200);
    (await nextXhr()).answer(200);
    (await nextXhr()).answer(503, { 'Retry-After': '0' });
    (await nextXhr()).answer(200);
    assert.equal(await run.done, 'success');
    assert.deepEqual(
      FakeXhr.sent.map((x) => x.range),
      ['0-99', '100-199', '100-199'],
    );
  });

  it('should overlap chunks, and fall back to one at a time from the confirmed offset when the server refuses the overlap', async () => {
    const run = start(400, { overlap: true });
    const first = await nextXhr();
    assert.equal(first.range, '0-99');
    // Three quarters of the body out: the next chunk may start before the answer.
    first.progress(80);
    const second = await nextXhr();
    assert.equal(second.range, '100-199');
    first.answer(200);
    // An appending server refuses the chunk that started before its predecessor ended.
    second.answer(400, {}, '{"code":10}');
    // Rewound to the confirmed offset, then strictly one at a time.
    const third = await nextXhr();
    assert.equal(third.range, '100-199');
    third.progress(100);
    await new Promise((r) => setTimeout(r, 10));
    assert.equal(FakeXhr.sent.length, 3, 'no chunk starts before the last is answered');
    third.answer(200);
    for (const range of ['200-299', '300-399']) {
      const xhr = await nextXhr();
      assert.equal(xhr.range, range);
      xhr.answer(200);
    }
    assert.equal(await run.done, 'success');
    assert.equal(run.ledger.confirmed, 400);
  });

  it('should send chunks with credentials by fetch, refusing redirects, once the server refuses them without', async () => {
    const fetched: Array<{ url: string; init: RequestInit }> = [];
    globalThis.fetch = (async (url: string, init: RequestInit) => {
      fetched.push({ url, init });
      return new Response('"file-id"', { status: 200 });
    }) as typeof fetch;
    const credentials: ChunkCredentials = { headers: () => ({ 'X-Auth-Token': 'secret' }), needed: false };
    const run = start(200, { credentials });
    const refused = await nextXhr();
    assert.equal(refused.headers['X-Auth-Token'], undefined);
    refused.answer(401, {}, '{"code":70}');
    assert.equal(await run.done, 'success');
    assert.equal(credentials.needed, true);
    assert.equal(FakeXhr.sent.length, 1);
    assert.deepEqual(
      fetched.map((f) => [(f.init.headers as Record<string, string>)['Content-Range'], f.init.redirect]),
      [
        ['bytes 0-99/200', 'manual'],
        ['bytes 100-199/200', 'manual'],
      ],
    );
    assert.equal((fetched[0]!.init.headers as Record<string, string>)['X-Auth-Token'], 'secret');
    assert.equal(fetched[0]!.init.credentials, 'omit');
  });

  it('should not count a chunk that a redirect took elsewhere, and tell the loop why', async () => {
    const run = start(200, { retries: 0 });
    (await nextXhr()).answer(200, {}, '', 'https://elsewhere.example/upload');
    const outcome = await run.done;
    assert.ok(outcome instanceof Error);
    assert.ok((outcome as { causingError?: unknown }).causingError instanceof ChunkRedirectedError);
    assert.equal(run.ledger.confirmed, 0);
    assert.equal(FakeXhr.sent.length, 1);
  });

  it('should abort the chunk in flight and stay silent about its late answer', async () => {
    const run = start(300);
    (await nextXhr()).answer(200);
    const inFlight = await nextXhr();
    await run.upload.abort();
    assert.equal(inFlight.aborted, true);
    let settled = false;
    void run.done.then(() => (settled = true));
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(settled, false, 'an aborted upload neither succeeds nor fails');
    assert.equal(FakeXhr.sent.length, 2);
    assert.deepEqual(run.ledger.uncertain, { start: 100, end: 200 });
    // Started again, it asks the offset (the ledger's) and sends the unanswered chunk again.
    run.upload.start();
    const again = await nextXhr();
    assert.equal(again.range, '100-199');
    again.answer(200);
    (await nextXhr()).answer(200);
    assert.equal(await run.done, 'success');
  });

  it('should say nothing after an abort that came before the offset was known, even for a file sent whole', async () => {
    const run = start(300, { confirmed: 300 });
    await run.upload.abort();
    let settled = false;
    void run.done.then(() => (settled = true));
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(settled, false, 'no success after abort()');
    assert.equal(FakeXhr.sent.length, 0);
    run.upload.start();
    assert.equal(await run.done, 'success');
  });
});
