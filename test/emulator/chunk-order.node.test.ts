import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import type { QuatrixEmulator } from '../../demo/emulator/index.js';
import { IDS, testSeed } from '../fixtures/seed.js';
import { call, startEmulator } from '../helpers/emulator.js';

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** A widget upload link on `base` (the open widget, a fresh visitor each time). */
async function link(base: string, size: number, name = 'ordered.bin'): Promise<string> {
  const r = await call(base, 'POST', `/api/1.0/widget/upload-link/${IDS.widgetOpen}`, {
    body: { name, file_size: size },
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return (r.body as { upload_key: string }).upload_key;
}

const chunk = (base: string, key: string, data: Uint8Array, start: number, total: number) =>
  call(base, 'POST', `/upload/chunked/${key}`, {
    raw: data,
    headers: { 'Content-Range': `bytes ${start}-${start + data.length - 1}/${total}` },
  });

describe('emulator: chunks are appended by default (chunkLimits.order "append")', () => {
  let emu: QuatrixEmulator;
  before(async () => {
    emu = await startEmulator();
  });
  after(() => emu.close());

  it('should store chunks sent in order byte-identical', async () => {
    const data = randomBytes(30_000);
    const key = await link(emu.url, data.length);
    for (let start = 0; start < data.length; start += 10_000) {
      const r = await chunk(emu.url, key, data.subarray(start, start + 10_000), start, data.length);
      assert.equal(r.status, 200, JSON.stringify(r.body));
    }
    const done = await call(emu.url, 'GET', `/api/1.0/widget/finalize-upload/${key}`);
    assert.equal(await emu.sha256((done.body as { id: string }).id), sha(data));
  });

  it('should refuse a chunk that leaves a gap, and one that starts before the end (code 10)', async () => {
    const data = randomBytes(30);
    const key = await link(emu.url, data.length);
    const gap = await chunk(emu.url, key, data.subarray(10, 20), 10, data.length);
    assert.equal(gap.status, 400);
    assert.deepEqual(gap.body, {
      msg: 'Chunk does not start at the end of the received bytes',
      code: 10,
      details: { start: 10, received: 0 },
    });
    assert.equal((await chunk(emu.url, key, data.subarray(0, 10), 0, data.length)).status, 200);
    // A re-send of a confirmed chunk is not appended either: the answer says where the end is.
    const again = await chunk(emu.url, key, data.subarray(0, 10), 0, data.length);
    assert.equal(again.status, 400);
    assert.deepEqual((again.body as { details: unknown }).details, { start: 0, received: 10 });
    const overlap = await chunk(emu.url, key, data.subarray(5, 15), 5, data.length);
    assert.equal(overlap.status, 400);
    assert.equal((await chunk(emu.url, key, data.subarray(10), 10, data.length)).status, 200);
    const done = await call(emu.url, 'GET', `/api/1.0/widget/finalize-upload/${key}`);
    assert.equal(await emu.sha256((done.body as { id: string }).id), sha(data));
  });

  it('should accept the re-send of a chunk whose body was cut mid-way, at the same start', async () => {
    const data = randomBytes(60_000);
    const key = await link(emu.url, data.length);
    assert.equal((await chunk(emu.url, key, data.subarray(0, 20_000), 0, data.length)).status, 200);
    emu.setFaults([{ path: '/upload/chunked/', dropAfterBytes: 10_000, times: 1 }]);
    await assert.rejects(chunk(emu.url, key, data.subarray(20_000), 20_000, data.length));
    emu.setFaults([]);
    const resent = await chunk(emu.url, key, data.subarray(20_000), 20_000, data.length);
    assert.equal(resent.status, 200, JSON.stringify(resent.body));
    const done = await call(emu.url, 'GET', `/api/1.0/widget/finalize-upload/${key}`);
    assert.equal(await emu.sha256((done.body as { id: string }).id), sha(data));
  });
});

describe('emulator: chunk limits', () => {
  let emu: QuatrixEmulator;
  before(async () => {
    const seed = testSeed();
    delete seed.users[0]!.quota; // room for a 200 MB declaration; no such body is ever sent
    emu = await startEmulator({ seed });
  });
  after(() => emu.close());

  it('should allow chunks of 100,000,000 bytes by default and answer 413 (code 10) above', async () => {
    const key = await link(emu.url, 200_000_000, 'big.bin');
    const send = (range: string) =>
      call(emu.url, 'POST', `/upload/chunked/${key}`, {
        raw: new Uint8Array(10),
        headers: { 'Content-Range': range },
      });
    const over = await send('bytes 0-100000000/200000000');
    assert.equal(over.status, 413);
    assert.deepEqual(over.body, {
      msg: 'Chunk is too large',
      code: 10,
      details: { length: 100_000_001, limit: 100_000_000 },
    });
    // At the limit the size passes; only the short body is refused.
    const at = await send('bytes 0-99999999/200000000');
    assert.equal(at.status, 400);
    assert.match((at.body as { msg: string }).msg, /Content-Length/);
  });

  it('should refuse an unknown chunk order at start, naming the option', async () => {
    await assert.rejects(
      startEmulator({ chunkLimits: { order: 'sideways' as 'append' } }),
      /chunkLimits\.order/,
    );
  });
});

describe('emulator: chunks placed by range (chunkLimits.order "by-range")', () => {
  it('should place chunks in any order and take an exact re-send', async () => {
    const emu = await startEmulator({ chunkLimits: { order: 'by-range' } });
    try {
      const data = randomBytes(30);
      const key = await link(emu.url, data.length);
      for (const start of [20, 0, 10, 10]) {
        const r = await chunk(emu.url, key, data.subarray(start, start + 10), start, data.length);
        assert.equal(r.status, 200, JSON.stringify(r.body));
      }
      const done = await call(emu.url, 'GET', `/api/1.0/widget/finalize-upload/${key}`);
      assert.equal(await emu.sha256((done.body as { id: string }).id), sha(data));
    } finally {
      await emu.close();
    }
  });
});

describe('emulator CLI: chunk options', () => {
  it('should take --chunk-order and --max-chunk-bytes', async () => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'demo/emulator/cli.ts',
        '--port',
        '0',
        '--chunk-order',
        'by-range',
        '--max-chunk-bytes',
        '8',
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      let out = '';
      child.stdout.setEncoding('utf8');
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (text: string) => {
          out += text;
          const found = /listening on (http:\/\/\S+)/.exec(out);
          if (found?.[1]) resolve(found[1]);
        });
        child.once('exit', (code) => reject(new Error(`the CLI exited (${code}): ${out}`)));
      });
      // The demo seed's open widget.
      const r = await call(url, 'POST', '/api/1.0/widget/upload-link/5f0c2b8e-3a41-4d8e-9b6a-0c1d2e3f4e01', {
        body: { name: 'cli.bin', file_size: 16 },
      });
      const key = (r.body as { upload_key: string }).upload_key;
      assert.equal((await chunk(url, key, new Uint8Array(8), 8, 16)).status, 200, 'placed by range');
      assert.equal((await chunk(url, key, new Uint8Array(9), 0, 16)).status, 413, 'over 8 bytes');
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit').catch(() => undefined);
    }
  });
});
