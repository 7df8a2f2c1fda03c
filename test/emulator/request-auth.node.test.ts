import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { QuatrixEmulator } from '../../demo/emulator/index.js';
import { ALICE, ERIN, FRANK, IDS, testSeed } from '../fixtures/seed.js';
import { basic, call, startEmulator, type RawAnswer } from '../helpers/emulator.js';

const MINUTE = 60_000;
const bearer = { Authorization: `Bearer ${ALICE.apiKey}` };
const status = (r: RawAnswer): [number, number] => [r.status, (r.body as { code: number }).code];

describe('emulator: file requests that require signing in (request_auth)', () => {
  let emu: QuatrixEmulator;
  before(async () => {
    emu = await startEmulator();
  });
  after(() => emu.close());
  const api = (method: string, p: string, init?: Parameters<typeof call>[3]) =>
    call(emu.url, method, `/api/1.0${p}`, init);
  const login = async (email: string, password: string): Promise<RawAnswer> =>
    api('GET', '/session/login', { headers: { Authorization: basic(email, password) } });
  const signIn = async (email: string, password: string): Promise<string> => {
    const r = await login(email, password);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return (r.body as { session_id: string }).session_id;
  };

  /** Every call of the return, as a session given by `token` (none: a new visitor). */
  async function everyCall(id: string, token?: string): Promise<Record<string, RawAnswer>> {
    const as = { token };
    return {
      metadata: await api('GET', `/files-return/metadata/${id}`, as),
      makedir: await api('POST', `/files-return/makedir/${id}`, { ...as, body: { name: 'Folder' } }),
      uploadLink: await api('POST', `/files-return/upload-link/${id}`, {
        ...as,
        body: { name: 'a.txt', file_size: 1 },
      }),
      send: await api('POST', '/files-return/send', { ...as, body: { id, files: [IDS.unknown] } }),
      loginPin: await api('POST', '/share/login-pin', { ...as, body: { id, pin: btoa('1234') } }),
    };
  }

  it('should store request_auth and send_email of share/request, both true by default', async () => {
    const made = async (body: Record<string, unknown>) => {
      const r = await api('POST', '/share/request', {
        headers: bearer,
        body: { ids: [IDS.contactCarol], ...body },
      });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      const state = emu.store.requests.get((r.body as { id: string }).id)!;
      return [state.requestAuth, state.sendEmail];
    };
    assert.deepEqual(await made({}), [true, true]);
    assert.deepEqual(await made({ request_auth: false, send_email: false }), [false, false]);
  });

  it('should refuse every call of the return to a session not signed in (401, code 70)', async () => {
    const created = await api('POST', '/share/request', {
      headers: bearer,
      body: { ids: [IDS.contactCarol] },
    });
    for (const id of [IDS.requestSignIn, (created.body as { id: string }).id]) {
      for (const [name, r] of Object.entries(await everyCall(id))) {
        assert.deepEqual(status(r), [401, 70], `${name} of ${id}`);
        assert.deepEqual((r.body as { details: unknown }).details, { request_auth: true });
      }
    }
  });

  it('should keep seeded requests open without sign-in unless they ask for it', async () => {
    const meta = await api('GET', `/files-return/metadata/${IDS.request}`);
    assert.equal(meta.status, 200);
  });

  it('should let a contact with a password sign in and answer the request', async () => {
    const token = await signIn(ERIN.email, ERIN.password);
    assert.equal(emu.store.sessions.get(token)?.contactId, IDS.contactErin);
    const meta = await api('GET', `/files-return/metadata/${IDS.requestSignIn}`, { token });
    assert.equal(meta.status, 200);
    assert.equal(meta.headers.get('X-Auth-Token'), token, 'the signed-in session, not a new visitor');
    const body = meta.body as { user_email: string; user_name: string; subject: string };
    assert.deepEqual([body.user_email, body.user_name], [ERIN.email, 'Erin Contact']);
    const link = await api('POST', `/files-return/upload-link/${IDS.requestSignIn}`, {
      token,
      body: { name: 'erin.txt', file_size: 2 },
    });
    assert.equal(link.status, 200, JSON.stringify(link.body));
    const { upload_key: key, file_id: fileId } = link.body as { upload_key: string; file_id: string };
    const put = await call(emu.url, 'POST', `/upload/chunked/${key}`, {
      raw: 'hi',
      headers: { 'Content-Range': 'bytes 0-1/2' },
    });
    assert.equal(put.status, 200);
    assert.equal((await api('GET', `/upload/finalize/${key}`, { token })).status, 200);
    const sent = await api('POST', '/files-return/send', {
      token,
      body: { id: IDS.requestSignIn, files: [fileId] },
    });
    assert.deepEqual(sent.body, { file_ids: [fileId] });
    // A contact's session is no user's: user calls stay closed.
    assert.equal((await api('GET', '/profile/info', { token })).status, 401);
  });

  it('should let a signed-in user answer too', async () => {
    const token = await signIn(ALICE.email, ALICE.password);
    assert.equal((await api('GET', `/files-return/metadata/${IDS.requestSignIn}`, { token })).status, 200);
  });

  it('should ask a contact with a second factor for it (207, Mfa-Code 71; wrong code 401, code 83)', async () => {
    const first = await login(FRANK.email, FRANK.password);
    assert.equal(first.status, 207);
    assert.equal(first.headers.get('Mfa-Code'), '71');
    const pending = (first.body as { session_id: string }).session_id;
    const early = await api('GET', `/files-return/metadata/${IDS.requestSignIn}`, { token: pending });
    assert.deepEqual(status(early), [401, 70], 'a pending session is not signed in');
    const wrong = await api('POST', '/session/login', {
      token: pending,
      body: { auth_type: '2FA', code: btoa('000000') },
    });
    assert.deepEqual(status(wrong), [401, 83]);
    const pin = await api('POST', '/session/login', {
      token: pending,
      body: { auth_type: 'PIN', code: btoa(FRANK.twoFactorCode) },
    });
    assert.equal(pin.status, 401, 'a contact’s second factor is a 2FA code, not a PIN');
    const right = await api('POST', '/session/login', {
      token: pending,
      body: { auth_type: '2FA', code: btoa(FRANK.twoFactorCode) },
    });
    assert.equal(right.status, 200);
    assert.equal(
      (await api('GET', `/files-return/metadata/${IDS.requestSignIn}`, { token: pending })).status,
      200,
    );
  });

  it("should keep a contact's session alive with keepalive", async () => {
    const token = await signIn(ERIN.email, ERIN.password);
    for (let i = 0; i < 3; i++) {
      emu.advanceTime(10 * MINUTE);
      assert.equal((await api('GET', '/session/keepalive', { token })).status, 200);
    }
    const still = await api('GET', `/files-return/metadata/${IDS.requestSignIn}`, { token });
    assert.equal(still.status, 200);
  });

  it('should refuse a wrong password and contacts without one', async () => {
    assert.equal((await login(ERIN.email, 'nope')).status, 401);
    assert.equal((await login('carol@example.com', '')).status, 401);
  });

  it('should refuse the chunks and the finalize of a return once the request requires sign-in', async () => {
    const token = (await api('GET', `/files-return/metadata/${IDS.request}`)).headers.get('X-Auth-Token')!;
    const link = await api('POST', `/files-return/upload-link/${IDS.request}`, {
      token,
      body: { name: 'late.txt', file_size: 2 },
    });
    const key = (link.body as { upload_key: string }).upload_key;
    const request = emu.store.requests.get(IDS.request)!;
    request.requestAuth = true;
    try {
      const put = await call(emu.url, 'POST', `/upload/chunked/${key}`, {
        raw: 'hi',
        headers: { 'Content-Range': 'bytes 0-1/2' },
      });
      assert.deepEqual(status(put), [401, 70]);
      assert.deepEqual(status(await api('GET', `/upload/finalize/${key}`, { token })), [401, 70]);
    } finally {
      request.requestAuth = false;
    }
  });
});

describe('emulator: sign-in failure of request_auth (option requestAuthFailure)', () => {
  it('should answer the configured status and code', async () => {
    const emu = await startEmulator({ requestAuthFailure: { status: 403, code: 72 } });
    try {
      const r = await call(emu.url, 'GET', `/api/1.0/files-return/metadata/${IDS.requestSignIn}`);
      assert.deepEqual(status(r), [403, 72]);
    } finally {
      await emu.close();
    }
  });
});

describe('emulator: who signs in', () => {
  it('should find users before contacts of the same e-mail address', async () => {
    const seed = testSeed();
    seed.contacts!.push({
      id: '11111111-1111-4111-8111-111111111399',
      owner: IDS.bob,
      name: 'Alice as a contact',
      email: ALICE.email.toUpperCase(),
      password: 'contact-password',
    });
    const emu = await startEmulator({ seed });
    try {
      const login = (password: string) =>
        call(emu.url, 'GET', '/api/1.0/session/login', {
          headers: { Authorization: basic(ALICE.email, password) },
        });
      const asUser = await login(ALICE.password);
      assert.equal(asUser.status, 200);
      const session = emu.store.sessions.get((asUser.body as { session_id: string }).session_id);
      assert.equal(session?.userId, IDS.alice);
      assert.equal((await login('contact-password')).status, 401, 'the user’s address is the user’s');
    } finally {
      await emu.close();
    }
  });
});
