import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { QuatrixEmulator } from '../../demo/emulator/index.js';
import { IDS } from '../fixtures/seed.js';
import { call, startEmulator } from '../helpers/emulator.js';

describe('emulator: the public widget', () => {
  let emu: QuatrixEmulator;
  const seen: Array<{ token: string; widgetId: string }> = [];

  before(async () => {
    emu = await startEmulator({
      captchaVerifier: (token, context) => {
        seen.push({ token, widgetId: context.widgetId });
        return token === 'custom-ok';
      },
    });
  });
  after(() => emu.close());

  const api = (method: string, path: string, init?: Parameters<typeof call>[3]) =>
    call(emu.url, method, `/api/1.0${path}`, init);
  const newVisitor = async (widgetId: string) =>
    (await api('GET', `/widget/metadata/${widgetId}`)).headers.get('X-Auth-Token')!;

  it('should give each visitor a session, as a header and as a cookie', async () => {
    const r = await api('GET', `/widget/metadata/${IDS.widgetOpen}`);
    const token = r.headers.get('X-Auth-Token');
    assert.match(token ?? '', /^[0-9a-f-]{36}$/);
    assert.match(r.headers.get('Set-Cookie') ?? '', new RegExp(`^token=${token}; Path=/; HttpOnly`));
    // The cookie alone identifies the session too.
    await api('POST', `/widget/upload-link/${IDS.widgetOpen}`, {
      token: token!,
      body: { name: 'a', file_size: 1 },
    });
    const byCookie = await api('GET', `/widget/metadata/${IDS.widgetOpen}`, {
      headers: { Cookie: `token=${token}` },
    });
    assert.equal((byCookie.body as { files_remaining: number }).files_remaining, 2);
  });

  it('should gate makedir and upload-link on the CAPTCHA (78) until a valid token is posted', async () => {
    const v = await newVisitor(IDS.widgetCaptcha);
    const meta = await api('GET', `/widget/metadata/${IDS.widgetCaptcha}`, { token: v });
    assert.equal((meta.body as { captcha_passed: boolean }).captcha_passed, false);
    for (const path of ['makedir', 'upload-link']) {
      const r = await api('POST', `/widget/${path}/${IDS.widgetCaptcha}`, {
        token: v,
        body: { name: 'x', file_size: 1 },
      });
      assert.equal((r.body as { code: number }).code, 78, path);
    }
    const wrong = await api('POST', `/widget/unblock-captcha/${IDS.widgetCaptcha}`, {
      token: v,
      body: { token: 'nope' },
    });
    assert.deepEqual(wrong.body, { valid: false, files_remaining: 10 });
    const right = await api('POST', `/widget/unblock-captcha/${IDS.widgetCaptcha}`, {
      token: v,
      body: { token: 'custom-ok' },
    });
    assert.deepEqual(right.body, { valid: true, files_remaining: 10 });
    assert.deepEqual(seen.at(-1), { token: 'custom-ok', widgetId: IDS.widgetCaptcha });
    const link = await api('POST', `/widget/upload-link/${IDS.widgetCaptcha}`, {
      token: v,
      body: { name: 'x', file_size: 1 },
    });
    assert.equal(link.status, 200);
    // Another visitor has not passed it.
    const other = await newVisitor(IDS.widgetCaptcha);
    const blocked = await api('POST', `/widget/upload-link/${IDS.widgetCaptcha}`, {
      token: other,
      body: { name: 'x', file_size: 1 },
    });
    assert.equal((blocked.body as { code: number }).code, 78);
  });

  it('should demand the CAPTCHA again when told to (half-way through)', async () => {
    const v = await newVisitor(IDS.widgetCaptcha);
    await api('POST', `/widget/unblock-captcha/${IDS.widgetCaptcha}`, {
      token: v,
      body: { token: 'custom-ok' },
    });
    assert.equal(
      (
        await api('POST', `/widget/upload-link/${IDS.widgetCaptcha}`, {
          token: v,
          body: { name: 'a', file_size: 1 },
        })
      ).status,
      200,
    );
    emu.demandCaptcha(IDS.widgetCaptcha);
    const r = await api('POST', `/widget/upload-link/${IDS.widgetCaptcha}`, {
      token: v,
      body: { name: 'b', file_size: 1 },
    });
    assert.equal((r.body as { code: number }).code, 78);
  });

  it('should count the allowance per session and answer 79 when it is spent', async () => {
    const v = await newVisitor(IDS.widgetOpen);
    for (let i = 0; i < 3; i++) {
      const r = await api('POST', `/widget/upload-link/${IDS.widgetOpen}`, {
        token: v,
        body: { name: `f${i}`, file_size: 1 },
      });
      assert.equal(r.status, 200);
    }
    const meta = await api('GET', `/widget/metadata/${IDS.widgetOpen}`, { token: v });
    assert.equal((meta.body as { files_remaining: number }).files_remaining, 0);
    for (const path of ['upload-link', 'makedir']) {
      const r = await api('POST', `/widget/${path}/${IDS.widgetOpen}`, {
        token: v,
        body: { name: 'more', file_size: 1 },
      });
      assert.equal(r.status, 403);
      assert.equal((r.body as { code: number }).code, 79, path);
    }
    const fresh = await newVisitor(IDS.widgetOpen);
    assert.equal(
      (
        await api('POST', `/widget/upload-link/${IDS.widgetOpen}`, {
          token: fresh,
          body: { name: 'z', file_size: 1 },
        })
      ).status,
      200,
    );
  });

  it('should answer 91 for an unknown widget, 80 for a deactivated one, 76 outside its IPs', async () => {
    const codes = await Promise.all(
      [IDS.unknown, IDS.widgetOff, IDS.widgetIp].map(
        async (id) => (await api('GET', `/widget/metadata/${id}`)).body as { code: number },
      ),
    );
    assert.deepEqual(
      codes.map((c) => c.code),
      [91, 80, 76],
    );
    const unknown = await api('POST', `/widget/upload-link/${IDS.unknown}`, {
      body: { name: 'a', file_size: 1 },
    });
    assert.equal(unknown.status, 404);
  });

  it('should return the existing folder when makedir names one, and keep sub-folders inside the widget folder', async () => {
    const v = await newVisitor(IDS.widgetOpen);
    const a = await api('POST', `/widget/makedir/${IDS.widgetOpen}`, { token: v, body: { name: 'Trip' } });
    const b = await api('POST', `/widget/makedir/${IDS.widgetOpen}`, { token: v, body: { name: 'Trip' } });
    assert.equal(a.status, 201);
    assert.equal(b.status, 200);
    assert.equal((a.body as { id: string }).id, (b.body as { id: string }).id);
    const child = await api('POST', `/widget/makedir/${IDS.widgetOpen}`, {
      token: v,
      body: { name: 'Day 1', parent_id: (a.body as { id: string }).id },
    });
    assert.equal((child.body as { parent_id: string }).parent_id, (a.body as { id: string }).id);
    const outside = await api('POST', `/widget/makedir/${IDS.widgetOpen}`, {
      token: v,
      body: { name: 'x', parent_id: IDS.bobFolder },
    });
    assert.equal((outside.body as { code: number }).code, 70);
  });

  it('should keep the payload with the file and validate upload-link parameters', async () => {
    const v = await newVisitor(IDS.widgetOpen);
    const missingSize = await api('POST', `/widget/upload-link/${IDS.widgetOpen}`, {
      token: v,
      body: { name: 'a' },
    });
    assert.equal((missingSize.body as { code: number }).code, 11);
    const badPayload = await api('POST', `/widget/upload-link/${IDS.widgetOpen}`, {
      token: v,
      body: { name: 'a', file_size: 1, payload: 'x' },
    });
    assert.equal((badPayload.body as { code: number }).code, 10);
    const notJson = await api('POST', `/widget/upload-link/${IDS.widgetOpen}`, {
      token: v,
      raw: '{oops',
      headers: { 'Content-Type': 'application/json' },
    });
    assert.equal((notJson.body as { code: number }).code, 10);
    const link = await api('POST', `/widget/upload-link/${IDS.widgetOpen}`, {
      token: v,
      body: { name: 'with-payload.txt', file_size: 2, payload: { email: 'eve@example.com' } },
    });
    const key = (link.body as { upload_key: string }).upload_key;
    await call(emu.url, 'POST', `/upload/chunked/${key}`, {
      raw: 'hi',
      headers: { 'Content-Range': 'bytes 0-1/2' },
    });
    await api('GET', `/widget/finalize-upload/${key}`);
    const stored = emu.files(IDS.inbox).find((f) => f.name === 'with-payload.txt');
    assert.deepEqual(stored?.payload, { email: 'eve@example.com' });
  });
});

describe('emulator: a wrong widget CAPTCHA answered with 401 (option captchaRejectStatus)', () => {
  it('should answer 401 {valid: false} for a wrong token and 200 for a right one', async () => {
    const emu = await startEmulator({ captchaRejectStatus: 401 });
    try {
      const path = `/api/1.0/widget/unblock-captcha/${IDS.widgetCaptcha}`;
      const token = (await call(emu.url, 'GET', `/api/1.0/widget/metadata/${IDS.widgetCaptcha}`)).headers.get(
        'X-Auth-Token',
      )!;
      const wrong = await call(emu.url, 'POST', path, { token, body: { token: 'nope' } });
      assert.deepEqual([wrong.status, wrong.body], [401, { valid: false }]);
      const right = await call(emu.url, 'POST', path, { token, body: { token: 'pass-1' } });
      assert.deepEqual([right.status, right.body], [200, { valid: true, files_remaining: 10 }]);
    } finally {
      await emu.close();
    }
  });
});
