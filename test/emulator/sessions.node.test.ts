import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { QuatrixEmulator } from '../../demo/emulator/index.js';
import { ALICE, BOB, IDS } from '../fixtures/seed.js';
import { basic, call, startEmulator } from '../helpers/emulator.js';

const MINUTE = 60_000;

describe('emulator: sessions, API keys and Basic login', () => {
  let emu: QuatrixEmulator;
  before(async () => {
    emu = await startEmulator();
  });
  after(() => emu.close());

  const api = (method: string, path: string, init?: Parameters<typeof call>[3]) =>
    call(emu.url, method, `/api/1.0${path}`, init);
  const login = async (): Promise<string> => {
    const r = await api('GET', '/session/login', {
      headers: { Authorization: basic(ALICE.email, ALICE.password) },
    });
    assert.equal(r.status, 200);
    return (r.body as { session_id: string }).session_id;
  };

  it('should log in with Basic (UTF-8 password) and refuse a wrong one with 401', async () => {
    assert.match(await login(), /^[0-9a-f-]{36}$/);
    const wrong = await api('GET', '/session/login', {
      headers: { Authorization: basic(ALICE.email, 'password 1') },
    });
    assert.equal(wrong.status, 401);
    const none = await api('GET', '/session/login');
    assert.equal(none.status, 401);
  });

  it('should expire a session 15 minutes after the last API action, and keepalive should extend it', async () => {
    const token = await login();
    emu.advanceTime(14 * MINUTE);
    assert.equal((await api('GET', '/session/keepalive', { token })).status, 200);
    emu.advanceTime(14 * MINUTE);
    assert.equal((await api('GET', '/profile/info', { token })).status, 200);
    emu.advanceTime(15 * MINUTE + 1000);
    const expired = await api('GET', '/profile/info', { token });
    assert.equal(expired.status, 401);
  });

  it('should not count chunk POSTs as API actions, and refuse chunks once the session expired', async () => {
    const token = await login();
    const link = await api('POST', '/upload/link', {
      token,
      body: { name: 'long.bin', parent_id: IDS.inbox, file_size: 30 },
    });
    const key = (link.body as { upload_key: string }).upload_key;
    for (let i = 0; i < 2; i++) {
      emu.advanceTime(10 * MINUTE);
      const r = await call(emu.url, 'POST', `/upload/chunked/${key}`, {
        raw: new Uint8Array(10),
        headers: { 'Content-Range': `bytes ${i * 10}-${i * 10 + 9}/30` },
      });
      if (i === 0) assert.equal(r.status, 200);
      else
        assert.equal(
          r.status,
          401,
          'the chunk 20 minutes after the last API action finds the session expired',
        );
    }
  });

  it('should keep a long upload alive with keepalive between chunks', async () => {
    const token = await login();
    const link = await api('POST', '/upload/link', {
      token,
      body: { name: 'kept.bin', parent_id: IDS.inbox, file_size: 30 },
    });
    const key = (link.body as { upload_key: string }).upload_key;
    for (let i = 0; i < 3; i++) {
      emu.advanceTime(10 * MINUTE);
      assert.equal((await api('GET', '/session/keepalive', { token })).status, 200);
      const r = await call(emu.url, 'POST', `/upload/chunked/${key}`, {
        raw: new Uint8Array(10),
        headers: { 'Content-Range': `bytes ${i * 10}-${i * 10 + 9}/30` },
      });
      assert.equal(r.status, 200);
    }
    const done = await api('GET', `/upload/finalize/${key}?mtime=1600000000.25`, { token });
    assert.equal(done.status, 200);
    // Finalize answers whole seconds (rclone decodes an integer); the file keeps the fraction.
    assert.equal((done.body as { modified: number }).modified, 1600000000);
  });

  it("should keep a visitor's session alive too (a long return upload)", async () => {
    const token = (await api('GET', `/files-return/metadata/${IDS.request}`)).headers.get('X-Auth-Token')!;
    for (let i = 0; i < 3; i++) {
      emu.advanceTime(10 * MINUTE);
      assert.equal((await api('GET', '/session/keepalive', { token })).status, 200);
    }
    const still = await api('GET', `/files-return/metadata/${IDS.request}`, { token });
    assert.equal(still.headers.get('X-Auth-Token'), token, 'the same session after 30 minutes');
  });

  it('should end a session on logout', async () => {
    const token = await login();
    assert.equal((await api('GET', '/session/logout', { token })).status, 200);
    assert.equal((await api('GET', '/session/keepalive', { token })).status, 401);
  });

  it('should authenticate an API key and refuse an unknown one', async () => {
    assert.equal(
      (await api('GET', '/profile/info', { headers: { Authorization: `Bearer ${ALICE.apiKey}` } })).status,
      200,
    );
    assert.equal(
      (await api('GET', '/profile/info', { headers: { Authorization: 'Bearer nope' } })).status,
      401,
    );
  });

  it('should ask for the PIN (207, Mfa-Code 73) and accept only the right one', async () => {
    const first = await api('GET', '/session/login', {
      headers: { Authorization: basic(BOB.email, BOB.password) },
    });
    assert.equal(first.status, 207);
    assert.equal(first.headers.get('Mfa-Code'), '73');
    const pending = (first.body as { session_id: string }).session_id;
    assert.equal(
      (await api('GET', '/profile/info', { token: pending })).status,
      401,
      'a pending session can do nothing else',
    );
    const wrong = await api('POST', '/session/login', {
      token: pending,
      body: { auth_type: 'PIN', code: btoa('1111') },
    });
    assert.equal((wrong.body as { code: number }).code, 84);
    const right = await api('POST', '/session/login', {
      token: pending,
      body: { auth_type: 'PIN', code: btoa(BOB.pin) },
    });
    assert.equal(right.status, 200);
    assert.equal((await api('GET', '/profile/info', { token: pending })).status, 200);
  });
});
