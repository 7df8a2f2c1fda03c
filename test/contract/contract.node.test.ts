import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { QuatrixEmulator } from '../../demo/emulator/index.js';
import { ALICE, BOB, ERIN, IDS } from '../fixtures/seed.js';
import { basic, call, startEmulator, type RawInit } from '../helpers/emulator.js';
import { endpoint, endpointName, ENDPOINTS } from './description.js';
import { validatorFor } from './schemas.js';

interface Recorded {
  method: string;
  template: string;
  status: number;
  body: unknown;
  label: string;
}

/** Endpoints whose failures the contract does not exercise: they have none worth proving. */
const WITHOUT_ERRORS = new Set(['GET /session/logout', 'GET /account/metadata', 'GET /languages/default']);

/** Described answers the emulator never gives: the 202 job of an older server's files-return/send. */
const NOT_EXERCISED = new Set(['POST /files-return/send 202']);

describe('emulator answers match the project’s description of the Quatrix API', () => {
  let emu: QuatrixEmulator;
  const answers: Recorded[] = [];

  /** One call, recorded under its endpoint template for validation. */
  async function hit(
    label: string,
    method: string,
    template: string,
    path: string,
    init?: RawInit,
  ): Promise<Recorded> {
    const base = endpoint(method, template).base === 'site' ? '' : '/api/1.0';
    const answer = await call(emu.url, method, base + path, init);
    const rec = { method, template, status: answer.status, body: answer.body, label };
    answers.push(rec);
    return rec;
  }
  const bodyOf = (r: Recorded): Record<string, unknown> => r.body as Record<string, unknown>;

  before(async () => {
    emu = await startEmulator();
    const auth = (email: string, password: string): RawInit => ({
      headers: { Authorization: basic(email, password) },
    });
    const bearer: RawInit = { headers: { Authorization: `Bearer ${ALICE.apiKey}` } };

    // session
    const login = await hit(
      'login',
      'GET',
      '/session/login',
      '/session/login',
      auth(ALICE.email, ALICE.password),
    );
    const session = String(bodyOf(login).session_id);
    await hit('wrong password', 'GET', '/session/login', '/session/login', auth(ALICE.email, 'nope'));
    const contactLogin = await hit(
      'contact login',
      'GET',
      '/session/login',
      '/session/login',
      auth(ERIN.email, ERIN.password),
    );
    const contactSession = String(bodyOf(contactLogin).session_id);
    const mfa = await hit(
      'MFA needed',
      'GET',
      '/session/login',
      '/session/login',
      auth(BOB.email, BOB.password),
    );
    const pending = String(bodyOf(mfa).session_id);
    await hit('wrong PIN', 'POST', '/session/login', '/session/login', {
      token: pending,
      body: { auth_type: 'PIN', code: btoa('0000') },
    });
    await hit('PIN', 'POST', '/session/login', '/session/login', {
      token: pending,
      body: { auth_type: 'PIN', code: btoa(BOB.pin) },
    });
    await hit('keepalive', 'GET', '/session/keepalive', '/session/keepalive', { token: session });
    await hit('keepalive without session', 'GET', '/session/keepalive', '/session/keepalive');

    // account and language
    await hit('account', 'GET', '/account/metadata', '/account/metadata');
    await hit('languages', 'GET', '/languages', '/languages', { token: session });
    await hit('languages without auth', 'GET', '/languages', '/languages');
    await hit('default language', 'GET', '/languages/default', '/languages/default');

    // widget
    const meta = await hit(
      'widget metadata',
      'GET',
      '/widget/metadata/{id}',
      `/widget/metadata/${IDS.widgetOpen}`,
    );
    assert.equal(meta.status, 200);
    await hit('unknown widget', 'GET', '/widget/metadata/{id}', `/widget/metadata/${IDS.unknown}`);
    const captchaMeta = await call(emu.url, 'GET', `/api/1.0/widget/metadata/${IDS.widgetCaptcha}`);
    const visitor = captchaMeta.headers.get('X-Auth-Token') ?? '';
    await hit(
      'makedir before CAPTCHA',
      'POST',
      '/widget/makedir/{id}',
      `/widget/makedir/${IDS.widgetCaptcha}`,
      { token: visitor, body: { name: 'x' } },
    );
    await hit(
      'bad CAPTCHA token',
      'POST',
      '/widget/unblock-captcha/{id}',
      `/widget/unblock-captcha/${IDS.widgetCaptcha}`,
      { token: visitor, body: { token: 'wrong' } },
    );
    await hit(
      'no CAPTCHA token',
      'POST',
      '/widget/unblock-captcha/{id}',
      `/widget/unblock-captcha/${IDS.widgetCaptcha}`,
      { token: visitor, body: {} },
    );
    await hit(
      'good CAPTCHA token',
      'POST',
      '/widget/unblock-captcha/{id}',
      `/widget/unblock-captcha/${IDS.widgetCaptcha}`,
      { token: visitor, body: { token: 'pass-1' } },
    );
    const made = await hit(
      'widget makedir',
      'POST',
      '/widget/makedir/{id}',
      `/widget/makedir/${IDS.widgetCaptcha}`,
      { token: visitor, body: { name: 'Photos' } },
    );
    await hit(
      'widget makedir again',
      'POST',
      '/widget/makedir/{id}',
      `/widget/makedir/${IDS.widgetCaptcha}`,
      { token: visitor, body: { name: 'Photos' } },
    );
    const link = await hit(
      'widget upload-link',
      'POST',
      '/widget/upload-link/{id}',
      `/widget/upload-link/${IDS.widgetCaptcha}`,
      {
        token: visitor,
        body: { name: 'a.txt', file_size: 5, parent_id: bodyOf(made).id, payload: { name: 'Eve' } },
      },
    );
    await hit(
      'widget upload-link bad name',
      'POST',
      '/widget/upload-link/{id}',
      `/widget/upload-link/${IDS.widgetCaptcha}`,
      { token: visitor, body: { name: '../a', file_size: 1 } },
    );
    const key = String(bodyOf(link).upload_key);
    await hit(
      'finalize incomplete',
      'GET',
      '/widget/finalize-upload/{key}',
      `/widget/finalize-upload/${key}`,
    );
    await hit('chunk', 'POST', '/upload/chunked/{key}', `/upload/chunked/${key}`, {
      raw: 'hello',
      headers: { 'Content-Range': 'bytes 0-4/5' },
    });
    await hit('chunk malformed range', 'POST', '/upload/chunked/{key}', `/upload/chunked/${key}`, {
      raw: 'hello',
      headers: { 'Content-Range': 'bytes=0-4' },
    });
    const widgetFile = await hit(
      'widget finalize',
      'GET',
      '/widget/finalize-upload/{key}',
      `/widget/finalize-upload/${key}`,
    );
    const open =
      (await call(emu.url, 'GET', `/api/1.0/widget/metadata/${IDS.widgetOpen}`)).headers.get(
        'X-Auth-Token',
      ) ?? '';
    for (let i = 0; i < 3; i++) {
      await call(emu.url, 'POST', `/api/1.0/widget/upload-link/${IDS.widgetOpen}`, {
        token: open,
        body: { name: `f${i}`, file_size: 1 },
      });
    }
    await hit(
      'file allowance spent',
      'POST',
      '/widget/upload-link/{id}',
      `/widget/upload-link/${IDS.widgetOpen}`,
      { token: open, body: { name: 'f4', file_size: 1 } },
    );

    // upload (authenticated)
    const ulink = await hit('upload link', 'POST', '/upload/link', '/upload/link', {
      token: session,
      body: { name: 'doc.txt', parent_id: IDS.inbox, file_size: 3 },
    });
    await hit('upload link unknown parent', 'POST', '/upload/link', '/upload/link', {
      token: session,
      body: { name: 'doc.txt', parent_id: IDS.unknown },
    });
    const ukey = String(bodyOf(ulink).upload_key);
    await call(emu.url, 'POST', `/upload/chunked/${ukey}`, {
      raw: 'abc',
      headers: { 'Content-Range': 'bytes 0-2/3' },
    });
    await hit('finalize without session', 'GET', '/upload/finalize/{key}', `/upload/finalize/${ukey}`);
    const fin = await hit(
      'finalize',
      'GET',
      '/upload/finalize/{key}',
      `/upload/finalize/${ukey}?mtime=1700000000.5`,
      { token: session },
    );
    await hit('upload link name clash', 'POST', '/upload/link', '/upload/link', {
      ...bearer,
      body: { name: 'doc.txt', parent_id: IDS.inbox, resolve: false },
    });
    await hit('modify', 'POST', '/file/modify', '/file/modify', { ...bearer, body: { id: bodyOf(fin).id } });
    await hit('modify unknown file', 'POST', '/file/modify', '/file/modify', {
      ...bearer,
      body: { id: IDS.unknown },
    });
    await hit('makedir', 'POST', '/file/makedir', '/file/makedir', {
      ...bearer,
      body: { target: IDS.inbox, name: 'Reports' },
    });
    await hit('makedir clash', 'POST', '/file/makedir', '/file/makedir', {
      ...bearer,
      body: { target: IDS.inbox, name: 'Reports', resolve: false },
    });
    await hit(
      'folder metadata',
      'GET',
      '/file/metadata/{id}',
      `/file/metadata/${IDS.inbox}?content=1`,
      bearer,
    );
    await hit('file metadata', 'GET', '/file/metadata/{id}', `/file/metadata/${bodyOf(fin).id}`, bearer);
    await hit(
      'metadata of another user’s folder',
      'GET',
      '/file/metadata/{id}',
      `/file/metadata/${IDS.bobFolder}`,
      bearer,
    );
    await hit('widget file info', 'GET', '/file/info/{id}', `/file/info/${bodyOf(widgetFile).id}`, bearer);
    await hit('file info', 'GET', '/file/info/{id}', `/file/info/${bodyOf(fin).id}`, bearer);
    await hit('file info unknown', 'GET', '/file/info/{id}', `/file/info/${IDS.unknown}`, bearer);
    await hit('profile', 'GET', '/profile/info', '/profile/info', bearer);
    await hit('profile without auth', 'GET', '/profile/info', '/profile/info');
    await hit('contacts', 'GET', '/contact', '/contact', bearer);
    await hit('contacts bad key', 'GET', '/contact', '/contact', {
      headers: { Authorization: 'Bearer wrong' },
    });

    // share request and file return
    await hit('share request', 'POST', '/share/request', '/share/request', {
      ...bearer,
      body: { ids: [IDS.contactCarol], message: 'Hi', folder_id: IDS.returns },
    });
    await hit('share request unknown contact', 'POST', '/share/request', '/share/request', {
      ...bearer,
      body: { ids: [IDS.contactOfBob] },
    });
    const rmeta = await call(emu.url, 'GET', `/api/1.0/files-return/metadata/${IDS.request}`);
    const recipient = rmeta.headers.get('X-Auth-Token') ?? '';
    await hit(
      'request metadata',
      'GET',
      '/files-return/metadata/{id}',
      `/files-return/metadata/${IDS.request}`,
      { token: recipient },
    );
    await hit(
      'request needing sign-in, anonymous',
      'GET',
      '/files-return/metadata/{id}',
      `/files-return/metadata/${IDS.requestSignIn}`,
    );
    await hit(
      'request needing sign-in, as a contact',
      'GET',
      '/files-return/metadata/{id}',
      `/files-return/metadata/${IDS.requestSignIn}`,
      { token: contactSession },
    );
    await hit(
      'expired request',
      'GET',
      '/files-return/metadata/{id}',
      `/files-return/metadata/${IDS.requestExpired}`,
    );
    await hit(
      'request not active',
      'GET',
      '/files-return/metadata/{id}',
      `/files-return/metadata/${IDS.requestFuture}`,
    );
    await hit(
      'revoked request',
      'GET',
      '/files-return/metadata/{id}',
      `/files-return/metadata/${IDS.requestRevoked}`,
    );
    const pinned = await hit(
      'PIN needed',
      'GET',
      '/files-return/metadata/{id}',
      `/files-return/metadata/${IDS.requestPin}`,
    );
    void pinned;
    const pinVisitor =
      (await call(emu.url, 'GET', `/api/1.0/files-return/metadata/${IDS.requestPin}`)).headers.get(
        'X-Auth-Token',
      ) ?? '';
    await hit(
      'makedir before PIN',
      'POST',
      '/files-return/makedir/{id}',
      `/files-return/makedir/${IDS.requestPin}`,
      { token: pinVisitor, body: { name: 'x' } },
    );
    await hit('wrong PIN', 'POST', '/share/login-pin', '/share/login-pin', {
      token: pinVisitor,
      body: { id: IDS.requestPin, pin: btoa('9999') },
    });
    await hit('right PIN', 'POST', '/share/login-pin', '/share/login-pin', {
      token: pinVisitor,
      body: { id: IDS.requestPin, pin: btoa('1234') },
    });
    const rdir = await hit(
      'return makedir',
      'POST',
      '/files-return/makedir/{id}',
      `/files-return/makedir/${IDS.request}`,
      { token: recipient, body: { name: 'Scans' } },
    );
    await hit(
      'return makedir again',
      'POST',
      '/files-return/makedir/{id}',
      `/files-return/makedir/${IDS.request}`,
      { token: recipient, body: { name: 'Scans' } },
    );
    const rlink = await hit(
      'return upload-link',
      'POST',
      '/files-return/upload-link/{id}',
      `/files-return/upload-link/${IDS.request}`,
      {
        token: recipient,
        body: { name: 'scan.pdf', parent_id: bodyOf(rdir).id, file_size: 2 },
      },
    );
    await call(emu.url, 'POST', `/api/1.0/files-return/upload-link/${IDS.request}`, {
      token: recipient,
      body: { name: 'two.pdf', file_size: 1 },
    });
    await hit(
      'files_per_share reached',
      'POST',
      '/files-return/upload-link/{id}',
      `/files-return/upload-link/${IDS.request}`,
      { token: recipient, body: { name: 'three.pdf', file_size: 1 } },
    );
    const rkey = String(bodyOf(rlink).upload_key);
    await call(emu.url, 'POST', `/upload/chunked/${rkey}`, {
      raw: 'ok',
      headers: { 'Content-Range': 'bytes 0-1/2' },
    });
    await hit('return finalize', 'GET', '/upload/finalize/{key}', `/upload/finalize/${rkey}`, {
      token: recipient,
    });
    await hit('send unknown file', 'POST', '/files-return/send', '/files-return/send', {
      token: recipient,
      body: { id: IDS.request, files: [IDS.unknown] },
    });
    await hit('send', 'POST', '/files-return/send', '/files-return/send', {
      token: recipient,
      body: { id: IDS.request, files: [bodyOf(rlink).file_id], message: 'Here' },
    });
    await hit('delete unknown', 'POST', '/file/delete', '/file/delete', {
      ...bearer,
      body: { ids: [IDS.unknown] },
    });
    await hit('delete', 'POST', '/file/delete', '/file/delete', {
      ...bearer,
      body: { ids: [bodyOf(fin).id] },
    });
    const many: string[] = [];
    for (let i = 0; i < 11; i++) {
      const dir = await call(emu.url, 'POST', '/api/1.0/file/makedir', {
        ...bearer,
        body: { target: IDS.inbox, name: `Doomed ${i}` },
      });
      many.push(String((dir.body as Record<string, unknown>).id));
    }
    await hit('delete many', 'POST', '/file/delete', '/file/delete', { ...bearer, body: { ids: many } });
    await hit('logout', 'GET', '/session/logout', '/session/logout', { token: session });

    // A wrong CAPTCHA token answered 401 {valid: false}, as production clients show it (an emulator option).
    const strict = await startEmulator({ captchaRejectStatus: 401 });
    try {
      const path = `/api/1.0/widget/unblock-captcha/${IDS.widgetCaptcha}`;
      const v = (await call(strict.url, 'GET', `/api/1.0/widget/metadata/${IDS.widgetCaptcha}`)).headers;
      const rejected = await call(strict.url, 'POST', path, {
        token: v.get('X-Auth-Token') ?? '',
        body: { token: 'wrong' },
      });
      answers.push({
        method: 'POST',
        template: '/widget/unblock-captcha/{id}',
        status: rejected.status,
        body: rejected.body,
        label: 'bad CAPTCHA token, answered 401',
      });
    } finally {
      await strict.close();
    }
  });

  after(() => emu.close());

  for (const { method, path: template } of ENDPOINTS) {
    const hasErrors = !WITHOUT_ERRORS.has(endpointName({ method, path: template }));
    it(`${method} ${template}: success${hasErrors ? ' and error' : ''} answers are valid`, () => {
      const mine = answers.filter((a) => a.method === method && a.template === template);
      assert.ok(
        mine.some((a) => a.status < 300),
        `no success answer recorded for ${method} ${template}`,
      );
      if (hasErrors)
        assert.ok(
          mine.some((a) => a.status >= 400),
          `no error answer recorded for ${method} ${template}`,
        );
      for (const a of mine) {
        const validate = validatorFor(method, template, a.status);
        assert.ok(
          validate(a.body),
          `${a.label} (HTTP ${a.status}): ${JSON.stringify(validate.errors)} in ${JSON.stringify(a.body)}`,
        );
      }
    });
  }

  it('sees every described answer, so that each is checked against the emulator', () => {
    const missing = ENDPOINTS.flatMap((e) =>
      e.answers
        .map((a) => `${endpointName(e)} ${a.status}`)
        .filter((id) => !NOT_EXERCISED.has(id))
        .filter((id) => !answers.some((r) => `${r.method} ${r.template} ${r.status}` === id)),
    );
    assert.deepEqual(missing, []);
    const info = answers.find((a) => a.label === 'widget file info');
    assert.ok(info && 'widget_metadata' in bodyOf(info), 'a widget upload’s file info has widget_metadata');
  });

  it('rejects every success answer when one of its fields is renamed', () => {
    const endpoints = new Set<string>();
    for (const a of answers.filter((x) => x.status < 300)) {
      const target: unknown = Array.isArray(a.body) ? a.body[0] : a.body;
      if (typeof target !== 'object' || target === null || Object.keys(target).length === 0) continue;
      for (const key of Object.keys(target)) {
        const renamed = structuredClone(a.body) as Record<string, unknown> | Array<Record<string, unknown>>;
        const obj = (Array.isArray(renamed) ? renamed[0] : renamed) as Record<string, unknown>;
        obj[`${key}_renamed`] = obj[key];
        delete obj[key];
        assert.equal(
          validatorFor(a.method, a.template, a.status)(renamed),
          false,
          `${a.label}: renaming "${key}" went unnoticed`,
        );
        endpoints.add(`${a.method} ${a.template}`);
      }
    }
    // All but the endpoints whose success body is no object or empty ({}): logout, keepalive, login-pin,
    // and the chunk POST (a JSON string).
    assert.equal(endpoints.size, ENDPOINTS.length - 4, `renamings checked on: ${[...endpoints].join(', ')}`);
  });

  it('rejects an error body whose code or msg is renamed', () => {
    const errorAnswer = answers.find((a) => a.status >= 400);
    assert.ok(errorAnswer);
    const validate = validatorFor(errorAnswer.method, errorAnswer.template, errorAnswer.status);
    const { code, msg } = errorAnswer.body as { code: number; msg: string };
    assert.equal(validate({ error_code: code, msg }), false);
    assert.equal(validate({ code, message: msg }), false);
  });
});
