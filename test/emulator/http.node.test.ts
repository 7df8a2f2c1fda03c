import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { QuatrixEmulator } from '../../demo/emulator/index.js';
import { FaultInjector } from '../../demo/emulator/faults.js';
import { IDS } from '../fixtures/seed.js';
import { call, startEmulator } from '../helpers/emulator.js';

const ORIGIN = 'https://customer.example';

describe('emulator: CORS for widgets embedded on other origins', () => {
  let emu: QuatrixEmulator;
  before(async () => {
    emu = await startEmulator();
  });
  after(() => emu.close());

  it('should answer a preflight for a credentialed JSON POST with custom headers', async () => {
    const r = await fetch(`${emu.url}/api/1.0/widget/upload-link/${IDS.widgetOpen}`, {
      method: 'OPTIONS',
      headers: {
        Origin: ORIGIN,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type, x-auth-token',
      },
    });
    assert.equal(r.status, 204);
    assert.equal(r.headers.get('Access-Control-Allow-Origin'), ORIGIN);
    assert.equal(r.headers.get('Access-Control-Allow-Credentials'), 'true');
    assert.match(r.headers.get('Access-Control-Allow-Methods') ?? '', /POST/);
    assert.equal(r.headers.get('Access-Control-Allow-Headers'), 'content-type, x-auth-token');
  });

  it('should expose the session header and Retry-After to the page', async () => {
    const r = await fetch(`${emu.url}/api/1.0/widget/metadata/${IDS.widgetOpen}`, {
      headers: { Origin: ORIGIN },
    });
    assert.equal(r.headers.get('Access-Control-Allow-Origin'), ORIGIN);
    assert.equal(r.headers.get('Vary'), 'Origin');
    const exposed = (r.headers.get('Access-Control-Expose-Headers') ?? '').split(/,\s*/);
    assert.ok(exposed.includes('X-Auth-Token') && exposed.includes('Retry-After'));
  });

  it('should allow only the configured origins when a list is given', async () => {
    const strict = await startEmulator({ allowedOrigins: [ORIGIN] });
    try {
      const ok = await fetch(`${strict.url}/api/1.0/account/metadata`, { headers: { Origin: ORIGIN } });
      const other = await fetch(`${strict.url}/api/1.0/account/metadata`, {
        headers: { Origin: 'https://evil.example' },
      });
      assert.equal(ok.headers.get('Access-Control-Allow-Origin'), ORIGIN);
      assert.equal(other.headers.get('Access-Control-Allow-Origin'), null);
    } finally {
      await strict.close();
    }
  });

  it('should answer unknown endpoints and wrong methods with Quatrix error bodies', async () => {
    const missing = await call(emu.url, 'GET', '/api/1.0/nope');
    assert.deepEqual([missing.status, (missing.body as { code: number }).code], [404, 20]);
    const wrongMethod = await call(emu.url, 'DELETE', '/api/1.0/account/metadata');
    assert.deepEqual([wrongMethod.status, (wrongMethod.body as { code: number }).code], [405, 40]);
  });

  it('should answer 413 code 10 to an oversized JSON body, and keep serving', async () => {
    const big = JSON.stringify({ name: 'x', payload: { blob: 'x'.repeat(2 * 1024 * 1024) }, file_size: 1 });
    const r = await call(emu.url, 'POST', `/api/1.0/widget/upload-link/${IDS.widgetOpen}`, {
      raw: big,
      headers: { 'Content-Type': 'application/json' },
    });
    assert.deepEqual([r.status, (r.body as { code: number }).code], [413, 10]);
    assert.equal((await call(emu.url, 'GET', '/api/1.0/account/metadata')).status, 200);
  });

  it('should ignore a foreign malformed token cookie and refuse a malformed path with code 10', async () => {
    const r = await call(emu.url, 'GET', `/api/1.0/widget/metadata/${IDS.widgetOpen}`, {
      headers: { Cookie: 'token=%E0%A4%A' },
    });
    assert.equal(r.status, 200);
    const bad = await call(emu.url, 'GET', '/api/1.0/widget/metadata/%E0%A4%A');
    assert.deepEqual([bad.status, (bad.body as { code: number }).code], [400, 10]);
  });

  it('should serve the logo image', async () => {
    const r = await fetch(`${emu.url}/api/1.0/account/logo`);
    assert.equal(r.headers.get('Content-Type'), 'image/svg+xml');
    assert.match(await r.text(), /^<svg/);
  });
});

describe('emulator: fault injection', () => {
  let emu: QuatrixEmulator;
  before(async () => {
    emu = await startEmulator();
  });
  after(() => emu.close());

  it('should answer the configured status for matching requests only, after and times honoured', async () => {
    emu.setFaults([{ method: 'GET', path: '/account/metadata', after: 1, times: 2, status: 503 }]);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await call(emu.url, 'GET', '/api/1.0/account/metadata')).status);
    assert.deepEqual(statuses, [200, 503, 503, 200, 200]);
    assert.equal((await call(emu.url, 'GET', '/api/1.0/languages/default')).status, 200);
    emu.setFaults([]);
  });

  it('should send Retry-After with a 429', async () => {
    emu.setFaults([{ status: 429, retryAfter: 3, times: 1 }]);
    const r = await call(emu.url, 'GET', '/api/1.0/account/metadata');
    assert.equal(r.status, 429);
    assert.equal(r.headers.get('Retry-After'), '3');
    assert.equal((r.body as { code: number }).code, -1);
  });

  it('should hit a share of requests, the same share for the same seed', () => {
    const run = (seed: number) => {
      const f = new FaultInjector();
      f.set([{ rate: 0.3, status: 500 }], seed);
      return Array.from({ length: 200 }, () => f.decide('GET', '/x').status !== undefined);
    };
    const a = run(7);
    assert.deepEqual(a, run(7));
    const share = a.filter(Boolean).length / a.length;
    assert.ok(share > 0.2 && share < 0.4, `share ${share}`);
    assert.notDeepEqual(a, run(8));
  });

  it('should add latency', async () => {
    emu.setFaults([{ path: '/account/metadata', latencyMs: 300, times: 1 }]);
    const t0 = performance.now();
    await call(emu.url, 'GET', '/api/1.0/account/metadata');
    assert.ok(performance.now() - t0 >= 290);
  });

  it('should delay CORS preflights only for a rule that asks for them, by the method they ask for', async () => {
    const preflight = async (): Promise<number> => {
      const t0 = performance.now();
      const r = await fetch(`${emu.url}/upload/chunked/some-key`, {
        method: 'OPTIONS',
        headers: { Origin: ORIGIN, 'Access-Control-Request-Method': 'POST' },
      });
      assert.equal(r.status, 204);
      return performance.now() - t0;
    };
    emu.setFaults([{ method: 'POST', path: '/upload/chunked/', latencyMs: 300 }]);
    assert.ok((await preflight()) < 250, 'a rule without preflights leaves them alone');
    emu.setFaults([{ method: 'POST', path: '/upload/chunked/', latencyMs: 300, preflights: true }]);
    assert.ok((await preflight()) >= 290, 'a rule with preflights delays them');
    emu.setFaults([{ method: 'PUT', path: '/upload/chunked/', latencyMs: 300, preflights: true }]);
    assert.ok((await preflight()) < 250, 'only the method the preflight asks for matches');
    emu.setFaults([]);
  });

  it('should lose the response of a handled request (dropResponse) while keeping its effect', async () => {
    const link = await call(emu.url, 'POST', `/api/1.0/widget/upload-link/${IDS.widgetOpen}`, {
      body: { name: 'lost.bin', file_size: 100 },
    });
    const key = (link.body as { upload_key: string }).upload_key;
    emu.setFaults([{ path: '/upload/chunked/', dropResponse: true, times: 1 }]);
    const data = randomBytes(100);
    await assert.rejects(
      call(emu.url, 'POST', `/upload/chunked/${key}`, {
        raw: data,
        headers: { 'Content-Range': 'bytes 0-99/100' },
      }),
    );
    const fin = await call(emu.url, 'GET', `/api/1.0/widget/finalize-upload/${key}`);
    assert.equal(fin.status, 200, 'the chunk was written although its answer was lost');
  });

  it('should refuse a rate outside 0–1', () => {
    assert.throws(() => emu.setFaults([{ rate: 2 }]), RangeError);
  });
});
