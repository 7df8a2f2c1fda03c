import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { request } from 'node:http';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { QuatrixEmulator } from '../../demo/emulator/index.js';
import { IDS } from '../fixtures/seed.js';
import { call, startEmulator } from '../helpers/emulator.js';

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

describe('emulator: the chunk protocol (chunks placed by range)', () => {
  let emu: QuatrixEmulator;
  let visitor: string;

  before(async () => {
    emu = await startEmulator({ chunkLimits: { maxChunkBytes: 64 * 1024, order: 'by-range' } });
  });
  after(() => emu.close());
  beforeEach(async () => {
    emu.setFaults([]);
    // A fresh visitor for each test: the open widget allows 3 files per session.
    visitor = (await call(emu.url, 'GET', `/api/1.0/widget/metadata/${IDS.widgetOpen}`)).headers.get(
      'X-Auth-Token',
    )!;
  });

  async function link(size: number, name = 'file.bin'): Promise<string> {
    const r = await call(emu.url, 'POST', `/api/1.0/widget/upload-link/${IDS.widgetOpen}`, {
      token: visitor,
      body: { name, file_size: size },
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return (r.body as { upload_key: string }).upload_key;
  }
  const chunk = (
    key: string,
    data: Uint8Array,
    start: number,
    total: number,
    headers: Record<string, string> = {},
  ) =>
    call(emu.url, 'POST', `/upload/chunked/${key}`, {
      raw: data,
      headers: { 'Content-Range': `bytes ${start}-${start + data.length - 1}/${total}`, ...headers },
    });
  const finalize = (key: string) => call(emu.url, 'GET', `/api/1.0/widget/finalize-upload/${key}`);

  it('should store chunks sent in any order byte-identical', async () => {
    const data = randomBytes(150_000);
    const key = await link(data.length);
    for (const [a, b] of [
      [100_000, 150_000],
      [0, 50_000],
      [50_000, 100_000],
    ] as const) {
      assert.equal((await chunk(key, data.subarray(a, b), a, data.length)).status, 200);
    }
    const done = await finalize(key);
    assert.equal(done.status, 200);
    assert.equal((done.body as { size: number }).size, data.length);
    assert.equal(await emu.sha256((done.body as { id: string }).id), sha(data));
  });

  it('should accept an exact re-send of a written range and keep the file identical', async () => {
    const data = randomBytes(40_000);
    const key = await link(data.length);
    assert.equal((await chunk(key, data.subarray(0, 20_000), 0, data.length)).status, 200);
    assert.equal((await chunk(key, data.subarray(0, 20_000), 0, data.length)).status, 200);
    assert.equal((await chunk(key, data.subarray(20_000), 20_000, data.length)).status, 200);
    const done = await finalize(key);
    assert.equal(await emu.sha256((done.body as { id: string }).id), sha(data));
    assert.equal(emu.files(IDS.inbox).filter((f) => f.name === 'file.bin').length, 1);
  });

  it('should reject malformed, out-of-range, total-mismatched and oversize ranges with code 10', async () => {
    const key = await link(1000);
    const bad = async (headers: Record<string, string>, body: Uint8Array = new Uint8Array(10)) => {
      const r = await call(emu.url, 'POST', `/upload/chunked/${key}`, { raw: body, headers });
      return { status: r.status, body: r.body as { code: number; msg: string } };
    };
    for (const range of ['bytes=0-9/1000', 'bytes 0-9/*', 'items 0-9/1000', 'bytes 9-0/1000']) {
      const r = await bad({ 'Content-Range': range });
      assert.equal(r.status, 400, range);
      assert.equal(r.body.code, 10, range);
    }
    assert.equal((await bad({})).body.code, 10, 'missing Content-Range');
    const outOfRange = await bad({ 'Content-Range': 'bytes 995-1004/1000' });
    assert.match(outOfRange.body.msg, /out of range/);
    const mismatch = await bad({ 'Content-Range': 'bytes 0-9/2000' });
    assert.match(mismatch.body.msg, /total/);
    const big = await link(200_000, 'big.bin');
    const tooLarge = await call(emu.url, 'POST', `/upload/chunked/${big}`, {
      raw: new Uint8Array(70_000),
      headers: { 'Content-Range': 'bytes 0-69999/200000' },
    });
    assert.equal(tooLarge.status, 413);
    assert.match((tooLarge.body as { msg: string }).msg, /too large/);
    const longBody = await bad({ 'Content-Range': 'bytes 0-4/1000' }, new Uint8Array(10));
    assert.equal(longBody.body.code, 10);
  });

  it('should refuse to finalize an incomplete upload and report what it has', async () => {
    const key = await link(100);
    await chunk(key, new Uint8Array(60), 0, 100);
    const r = await finalize(key);
    assert.equal(r.status, 400);
    assert.deepEqual(r.body, { msg: 'Upload is incomplete', code: 10, details: { size: 60, expected: 100 } });
  });

  it('should answer a repeated finalize with the same file, creating no duplicate', async () => {
    const data = randomBytes(1000);
    const key = await link(data.length, 'once.bin');
    await chunk(key, data, 0, data.length);
    const [a, b] = await Promise.all([finalize(key), finalize(key)]);
    const c = await finalize(key);
    assert.deepEqual(a.body, b.body);
    assert.deepEqual(a.body, c.body);
    assert.equal(emu.files(IDS.inbox).filter((f) => f.name.startsWith('once')).length, 1);
    const late = await chunk(key, data, 0, data.length);
    assert.equal(late.status, 400);
  });

  it('should store an empty file without any chunk', async () => {
    const key = await link(0, 'empty.txt');
    const r = await finalize(key);
    assert.equal(r.status, 200);
    assert.equal(await emu.sha256((r.body as { id: string }).id), sha(new Uint8Array(0)));
  });

  it('should not confirm a range whose connection dropped, and accept it again', async () => {
    const data = randomBytes(60_000);
    const key = await link(data.length);
    emu.setFaults([{ path: '/upload/chunked/', dropAfterBytes: 20_000, times: 1 }]);
    await assert.rejects(chunk(key, data, 0, data.length));
    const early = await finalize(key);
    assert.equal(early.status, 400);
    assert.equal((await chunk(key, data, 0, data.length)).status, 200);
    const done = await finalize(key);
    assert.equal(await emu.sha256((done.body as { id: string }).id), sha(data));
  });

  it('should count a streamed body without Content-Length and refuse one longer than its range', async () => {
    const key = await link(1000, 'streamed.bin');
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new Uint8Array(6));
        controller.enqueue(new Uint8Array(6));
        controller.close();
      },
    });
    const r = await fetch(`${emu.url}/upload/chunked/${key}`, {
      method: 'POST',
      body,
      headers: { 'Content-Range': 'bytes 0-9/1000' },
      duplex: 'half',
    } as RequestInit);
    assert.equal(r.headers.get('Content-Length') === null, true);
    assert.equal(r.status, 400);
    assert.match(((await r.json()) as { msg: string }).msg, /longer than its Content-Range/);
  });

  it('should never change a file after its finalize answered, even with a chunk racing it', async () => {
    const data = randomBytes(60_000);
    const key = await link(data.length, 'race.bin');
    assert.equal((await chunk(key, data, 0, data.length)).status, 200);
    // A re-send of the whole range with other bytes, still streaming while finalize runs.
    const other = randomBytes(data.length);
    // Its own connection (node:http), so that it cannot queue the finalize behind it.
    const req = request(`${emu.url}/upload/chunked/${key}`, {
      method: 'POST',
      headers: {
        'Content-Range': `bytes 0-${data.length - 1}/${data.length}`,
        'Transfer-Encoding': 'chunked',
      },
    });
    const racing = new Promise<void>((resolve) => {
      req.on('response', (res) => res.resume().on('end', resolve));
      req.on('error', () => resolve());
    });
    const pause = () => new Promise((r) => setTimeout(r, 100));
    req.write(other.subarray(0, 30_000));
    await pause();
    const finalizing = finalize(key);
    // Without the guard, finalize answers while the chunk is still streaming: take the file then.
    const early = await Promise.race([finalizing, pause().then(() => undefined)]);
    let atAnswer = early ? await emu.sha256((early.body as { id: string }).id) : undefined;
    req.end(other.subarray(30_000));
    const done = await finalizing;
    assert.equal(done.status, 200, JSON.stringify(done.body));
    const id = (done.body as { id: string }).id;
    atAnswer ??= await emu.sha256(id);
    await racing;
    await pause();
    assert.equal(await emu.sha256(id), atAnswer, 'the file changed after finalize answered');
    assert.equal(atAnswer, sha(other), 'finalize waited for the write under way');
    assert.equal((await chunk(key, data, 0, data.length)).status, 400, 'no chunk after finalize');
    const parts = await readdir(`${emu.store.dataDir}/uploads`);
    assert.ok(!parts.includes(`${key}.part`), 'no stray part file');
  });

  it('should answer 404 code 20 for an unknown upload key', async () => {
    const r = await chunk('00000000-0000-4000-8000-00000000dead', new Uint8Array(1), 0, 1);
    assert.equal(r.status, 404);
    assert.equal((r.body as { code: number }).code, 20);
  });

  it('should keep no part files once uploads are finalized', async () => {
    const parts = await readdir(`${emu.store.dataDir}/uploads`);
    const pending = [...emu.store.uploads.values()].filter((u) => !u.finalized).map((u) => `${u.key}.part`);
    for (const part of parts) assert.ok(pending.includes(part), `stray part file ${part}`);
  });
});
