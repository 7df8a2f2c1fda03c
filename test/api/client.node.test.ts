import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { QuatrixEmulator } from '../../demo/emulator/index.js';
import {
  parseRetryAfter,
  QuatrixAbortError,
  QuatrixClient,
  QuatrixCode,
  QuatrixError,
  QuatrixNetworkError,
  QuatrixResponseError,
  QuatrixTimeoutError,
  quatrixCodeName,
} from '../../src/api/index.js';
import { ALICE, BOB, IDS } from '../fixtures/seed.js';
import { startEmulator } from '../helpers/emulator.js';

/** A server that answers every request with a fixed status and body: a broken proxy or a wrong API. */
async function fixedServer(
  status: number,
  body: string,
  type = 'application/json',
): Promise<{ url: string; server: Server }> {
  const server = createServer((_req, res) => res.writeHead(status, { 'Content-Type': type }).end(body));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

const rejection = async (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => assert.fail('expected a rejection'),
    (e: unknown) => e,
  );

describe('QuatrixClient over HTTP, in Node', () => {
  let emu: QuatrixEmulator;
  before(async () => {
    emu = await startEmulator();
  });
  after(() => emu.close());

  it('should refuse bad options at once, naming them', () => {
    assert.throws(() => new QuatrixClient({ site: 'acme.quatrix.it' }), /"site" must be an absolute URL/);
    assert.throws(() => new QuatrixClient({ site: 'ftp://x' }), /http\(s\)/);
    assert.throws(() => new QuatrixClient({ site: 'https://x', timeout: -1 }), /"timeout"/);
    const c = new QuatrixClient({ site: 'https://acme.quatrix.it/' });
    assert.equal(c.apiUrl, 'https://acme.quatrix.it/api/1.0');
    assert.equal(c.chunkUrl('k/1'), 'https://acme.quatrix.it/upload/chunked/k%2F1');
  });

  it('should log in with a UTF-8 password, use the session, and log out', async () => {
    const c = new QuatrixClient({ site: emu.url });
    const { sessionId, mfaCode } = await c.login(ALICE.email, ALICE.password);
    assert.equal(mfaCode, undefined);
    assert.deepEqual(c.auth, { type: 'session', sessionToken: sessionId });
    assert.deepEqual(c.authHeaders(), { 'X-Auth-Token': sessionId });
    assert.equal((await c.getLanguages()).map((l) => l.id).join(), 'en,de');
    await c.keepalive();
    await c.logout();
    assert.deepEqual(c.auth, { type: 'none' });
    const error = (await rejection(c.getProfileInfo())) as QuatrixError;
    assert.equal(error.status, 401);
  });

  it('should finish a PIN login', async () => {
    const c = new QuatrixClient({ site: emu.url });
    const first = await c.login(BOB.email, BOB.password);
    assert.equal(first.mfaCode, QuatrixCode.NotAllowedWithoutPin);
    const wrong = (await rejection(c.completeLogin('PIN', '0000'))) as QuatrixError;
    assert.equal(wrong.code, QuatrixCode.FailedPin);
    await c.completeLogin('PIN', BOB.pin);
    assert.equal((await c.getProfileInfo()).userLimit, -1);
  });

  it('should upload into a folder with an API key and finalize with mtime', async () => {
    const c = new QuatrixClient({ site: emu.url, auth: { type: 'apiKey', apiKey: ALICE.apiKey } });
    assert.equal(c.requestCredentials, 'omit');
    const dir = await c.makeDir({ target: IDS.inbox, name: 'Client test' });
    assert.equal(dir.type, 'D');
    const link = await c.getUploadLink({ name: 'a.txt', parentId: dir.id, fileSize: 5 });
    await c.uploadChunk(link.uploadKey, new Blob(['hello']), 0, 5);
    const done = await c.finalizeUpload(link.uploadKey, 1_700_000_000.5);
    assert.deepEqual(done, { id: link.fileId, parentId: dir.id, size: 5, modified: 1_700_000_000.5 });
    const modify = await c.getModifyLink({ id: link.fileId });
    assert.equal(modify.fileId, link.fileId);
    const contacts = await c.listContacts();
    assert.deepEqual(
      contacts.map((x) => x.email),
      ['carol@example.com'],
    );
  });

  it('should walk a file request as its recipient: PIN, upload, send', async () => {
    const c = new QuatrixClient({ site: emu.url });
    const locked = (await rejection(c.getFilesReturnMetadata(IDS.requestPin))) as QuatrixError;
    assert.equal(locked.code, QuatrixCode.NotAllowedWithoutPin);
    await c.loginSharePin(IDS.requestPin, '1234');
    const meta = await c.getFilesReturnMetadata(IDS.requestPin);
    assert.equal(meta.subject, 'Secret');
    const folder = await c.makeFilesReturnDir(IDS.requestPin, { name: 'Scans' });
    const link = await c.getFilesReturnUploadLink(IDS.requestPin, {
      name: 'x.txt',
      parentId: folder.id,
      fileSize: 2,
    });
    await c.uploadChunk(link.uploadKey, new Blob(['ok']), 0, 2);
    await c.finalizeUpload(link.uploadKey);
    assert.deepEqual(await c.sendFilesReturn({ id: IDS.requestPin, files: [link.fileId], message: 'Done' }), {
      fileIds: [link.fileId],
    });
  });

  it('should create a file request as a user', async () => {
    const c = new QuatrixClient({ site: emu.url, auth: { type: 'apiKey', apiKey: ALICE.apiKey } });
    const r = await c.requestShare({ ids: [IDS.contactCarol], message: 'Please', folderId: IDS.returns });
    assert.match(r.url, new RegExp(`/request/${r.id}$`));
  });

  it('should carry status, code, msg and details of a Quatrix error', async () => {
    const c = new QuatrixClient({ site: emu.url });
    const error = (await rejection(c.getFilesReturnMetadata(IDS.requestExpired))) as QuatrixError;
    assert.ok(error instanceof QuatrixError);
    assert.equal(error.kind, 'server');
    assert.equal(error.status, 403);
    assert.equal(error.code, QuatrixCode.Expired);
    assert.equal(error.msg, 'Request has expired');
    assert.equal(typeof error.details?.expires, 'number');
    assert.equal(error.retryable, false);
    assert.match(error.message, /code 60 \(Expired\)/);
  });

  it('should turn a non-JSON error body into a QuatrixResponseError, retryable for a 502', async () => {
    const { url, server } = await fixedServer(502, '<html>Bad gateway</html>', 'text/html');
    try {
      const error = (await rejection(
        new QuatrixClient({ site: url }).getAccountMetadata(),
      )) as QuatrixResponseError;
      assert.ok(error instanceof QuatrixResponseError);
      assert.equal(error.status, 502);
      assert.equal(error.retryable, true);
      assert.equal(error.bodyExcerpt, '<html>Bad gateway</html>');
    } finally {
      server.close();
    }
  });

  it('should turn an error body without code into a QuatrixResponseError', async () => {
    const { url, server } = await fixedServer(400, '{"error":"nope"}');
    try {
      const error = await rejection(new QuatrixClient({ site: url }).getAccountMetadata());
      assert.ok(error instanceof QuatrixResponseError);
    } finally {
      server.close();
    }
  });

  it('should name the field of a malformed success body instead of returning undefined', async () => {
    const { url, server } = await fixedServer(200, '{"id":"w","captcha_passed":"yes","files_remaining":1}');
    try {
      const error = (await rejection(
        new QuatrixClient({ site: url }).getWidgetMetadata('w'),
      )) as QuatrixResponseError;
      assert.ok(error instanceof QuatrixResponseError);
      assert.match(error.message, /field "captcha_passed" should be boolean/);
      const notAList = await rejection(new QuatrixClient({ site: url }).getLanguages());
      assert.ok(notAList instanceof QuatrixResponseError, 'an object where a list is due');
    } finally {
      server.close();
    }
  });

  it('should report a 207 login without Mfa-Code as still needing a second factor', async () => {
    const { url, server } = await fixedServer(207, '{"session_id":"pending"}');
    try {
      const result = await new QuatrixClient({ site: url }).login('a@b.c', 'x');
      assert.deepEqual(result, { sessionId: 'pending', mfaRequired: true, mfaCode: undefined });
    } finally {
      server.close();
    }
  });

  it('should treat a timeout beyond the timer range as none, and refuse a bad per-call timeout', async () => {
    const c = new QuatrixClient({ site: emu.url, timeout: Infinity });
    assert.equal((await c.getAccountMetadata()).title, 'Test Site');
    await assert.rejects(c.getAccountMetadata({ timeout: Number.NaN }), TypeError);
  });

  it('should keep upload keys out of error URLs and messages', async () => {
    const c = new QuatrixClient({ site: emu.url });
    const { uploadKey } = await c.getWidgetUploadLink(IDS.widgetOpen, { name: 'k.bin', fileSize: 10 });
    const error = (await rejection(c.finalizeWidgetUpload(uploadKey))) as QuatrixError;
    assert.equal(error.code, QuatrixCode.BadParameterValue);
    assert.ok(!error.url.includes(uploadKey) && !error.message.includes(uploadKey), error.message);
    assert.match(error.url, /\/widget\/finalize-upload\/…$/);
  });

  it('should fail with QuatrixNetworkError when nothing listens', async () => {
    const { url, server } = await fixedServer(200, '{}');
    await new Promise((r) => server.close(r));
    const error = (await rejection(
      new QuatrixClient({ site: url }).getAccountMetadata(),
    )) as QuatrixNetworkError;
    assert.ok(error instanceof QuatrixNetworkError);
    assert.equal(error.retryable, true);
    assert.ok(error.cause);
  });

  it('should time out, and tell a time-out from an abort', async () => {
    emu.setFaults([{ path: '/account/metadata', latencyMs: 500 }]);
    try {
      const c = new QuatrixClient({ site: emu.url, timeout: 100 });
      const late = await rejection(c.getAccountMetadata());
      assert.ok(late instanceof QuatrixTimeoutError);
      assert.equal((late as QuatrixTimeoutError).timeoutMs, 100);
      const perCall = await rejection(
        new QuatrixClient({ site: emu.url }).getAccountMetadata({ timeout: 50 }),
      );
      assert.ok(perCall instanceof QuatrixTimeoutError);

      const controller = new AbortController();
      const pending = new QuatrixClient({ site: emu.url }).getAccountMetadata({ signal: controller.signal });
      setTimeout(() => controller.abort(new Error('user left')), 20);
      const aborted = (await rejection(pending)) as QuatrixAbortError;
      assert.ok(aborted instanceof QuatrixAbortError);
      assert.equal(aborted.retryable, false);
      assert.equal((aborted.cause as Error).message, 'user left');
      const already = await rejection(
        new QuatrixClient({ site: emu.url }).getAccountMetadata({ signal: AbortSignal.abort() }),
      );
      assert.ok(already instanceof QuatrixAbortError);
    } finally {
      emu.setFaults([]);
    }
  });

  it('should keep the visitor session it is given and send it back', async () => {
    const first = new QuatrixClient({ site: emu.url });
    await first.getWidgetMetadata(IDS.widgetOpen);
    await first.getWidgetUploadLink(IDS.widgetOpen, { name: 'one', fileSize: 1 });
    const resumed = new QuatrixClient({ site: emu.url, visitorToken: first.visitorToken });
    assert.equal((await resumed.getWidgetMetadata(IDS.widgetOpen)).filesRemaining, 2);
  });

  it('should map Retry-After in seconds and as a date', () => {
    assert.equal(parseRetryAfter('120'), 120);
    assert.equal(parseRetryAfter(new Date(Date.now() + 30_000).toUTCString()), 30);
    assert.equal(parseRetryAfter('soon'), undefined);
    assert.equal(parseRetryAfter(null), undefined);
  });

  it('should name every listed code', () => {
    assert.equal(quatrixCodeName(78), 'WidgetCaptchaRequired');
    assert.equal(quatrixCodeName(79), 'WidgetFileLimit');
    assert.equal(quatrixCodeName(91), 'WidgetNotFound');
    assert.equal(quatrixCodeName(12345), undefined);
    assert.equal(Object.keys(QuatrixCode).length, 31);
  });
});
