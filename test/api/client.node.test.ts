import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { QuatrixEmulator } from '../../demo/emulator/index.js';
import {
  isFolderType,
  isSignInRequired,
  parseRetryAfter,
  QuatrixAbortError,
  QuatrixClient,
  QuatrixCode,
  QuatrixError,
  QuatrixNetworkError,
  QuatrixRedirectError,
  QuatrixResponseError,
  QuatrixTimeoutError,
  quatrixCodeName,
} from '../../src/api/index.js';
import { ALICE, BOB, ERIN, IDS } from '../fixtures/seed.js';
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

/** A client whose every request is answered with `status` and `body`; `sent` records the requests. */
function cannedClient(
  status: number,
  body: unknown,
  sent: Array<{ method: string; path: string; body: unknown }> = [],
): QuatrixClient {
  return new QuatrixClient({
    site: 'https://acme.quatrix.test',
    auth: { type: 'apiKey', apiKey: 'key' },
    fetch: async (input, init) => {
      const text = typeof init?.body === 'string' ? init.body : undefined;
      sent.push({
        method: init?.method ?? 'GET',
        path: new URL(String(input)).pathname,
        body: text === undefined ? undefined : JSON.parse(text),
      });
      return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
    },
  });
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
    assert.deepEqual(
      { ...done, modified: undefined },
      { id: link.fileId, parentId: dir.id, size: 5, modified: undefined },
    );
    // Production servers answer whole seconds; the client takes either.
    assert.ok(Math.abs(done.modified - 1_700_000_000.5) <= 0.5, String(done.modified));
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

  it('should refuse a redirect, typed and not retryable, sending nothing where it points', async () => {
    const elsewhere: string[] = [];
    const other = createServer((req, res) => {
      elsewhere.push(`${req.method} ${req.url} ${req.headers['x-auth-token'] ?? ''}`);
      res.end('{}');
    });
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
    const otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
    const redirecting = createServer((req, res) =>
      res.writeHead(307, { Location: `${otherUrl}${req.url}` }).end(),
    );
    await new Promise<void>((r) => redirecting.listen(0, '127.0.0.1', r));
    try {
      const c = new QuatrixClient({
        site: `http://127.0.0.1:${(redirecting.address() as AddressInfo).port}`,
        auth: { type: 'session', sessionToken: 'secret-session' },
      });
      const error = await c.getProfileInfo().catch((e: unknown) => e);
      assert.ok(error instanceof QuatrixRedirectError, String(error));
      assert.equal(error.retryable, false);
      assert.equal(error.status, 307);
      assert.deepEqual(elsewhere, []);
    } finally {
      redirecting.close();
      other.close();
    }
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

  it('should name a required field the answer lacks, and read a wrong-typed optional one as absent', async () => {
    const { url, server } = await fixedServer(200, '{"id":"w","captcha_passed":"yes","files_remaining":"1"}');
    try {
      const c = new QuatrixClient({ site: url });
      assert.deepEqual(await c.getWidgetMetadata('w'), { id: 'w', captchaPassed: true, filesRemaining: 1 });
      const error = (await rejection(c.login('a@b.c', 'x'))) as QuatrixResponseError;
      assert.ok(error instanceof QuatrixResponseError);
      assert.equal(error.field, 'session_id');
      assert.match(error.message, /required field "session_id" is missing/);
      const notAList = await rejection(c.getLanguages());
      assert.ok(notAList instanceof QuatrixResponseError, 'an object where a list is due');
    } finally {
      server.close();
    }
  });

  it('should read an empty or null body as an object without fields', async () => {
    assert.deepEqual(await cannedClient(202, null).sendFilesReturn({ id: 'r', files: ['f'] }), {
      fileIds: [],
    });
    assert.deepEqual(await cannedClient(200, null).listContacts(), []);
    const error = (await rejection(cannedClient(200, null).finalizeUpload('k'))) as QuatrixResponseError;
    assert.equal(error.field, 'id');
    const { url, server } = await fixedServer(200, '');
    try {
      const c = new QuatrixClient({ site: url });
      assert.equal(await c.getDefaultLanguage(), '');
      assert.equal(((await rejection(c.login('a@b.c', 'x'))) as QuatrixResponseError).field, 'session_id');
    } finally {
      server.close();
    }
  });

  it('should take a wrong CAPTCHA token answered 401 {valid: false} or 200 {valid: false} as not valid', async () => {
    assert.deepEqual(await cannedClient(401, { valid: false }).unblockWidgetCaptcha('w', 'bad'), {
      valid: false,
      filesRemaining: undefined,
    });
    assert.deepEqual(
      await cannedClient(200, { valid: false, files_remaining: 3 }).unblockWidgetCaptcha('w', 'bad'),
      { valid: false, filesRemaining: 3 },
    );
    // Any other 401 stays a failure.
    const signIn = await rejection(
      cannedClient(401, { msg: 'Session expired', code: 70 }).unblockWidgetCaptcha('w', 't'),
    );
    assert.ok(signIn instanceof QuatrixError && signIn.status === 401);

    const strict = await startEmulator({ captchaRejectStatus: 401 });
    try {
      const c = new QuatrixClient({ site: strict.url });
      await c.getWidgetMetadata(IDS.widgetCaptcha);
      assert.deepEqual(await c.unblockWidgetCaptcha(IDS.widgetCaptcha, 'wrong'), {
        valid: false,
        filesRemaining: undefined,
      });
      assert.equal((await c.unblockWidgetCaptcha(IDS.widgetCaptcha, 'pass-1')).valid, true);
    } finally {
      await strict.close();
    }
    const lenient = new QuatrixClient({ site: emu.url });
    await lenient.getWidgetMetadata(IDS.widgetCaptcha);
    const refused = await lenient.unblockWidgetCaptcha(IDS.widgetCaptcha, 'wrong');
    assert.equal(refused.valid, false);
    assert.equal(typeof refused.filesRemaining, 'number');
  });

  it('should read modified_ms as seconds with a fraction, or as milliseconds when that large', async () => {
    const folder = (extra: Record<string, unknown>): Record<string, unknown> => ({
      id: 'f',
      modified: 1_700_000_000,
      ...extra,
    });
    const ms = async (extra: Record<string, unknown>): Promise<number> =>
      (await cannedClient(201, folder(extra)).makeDir({ target: 'p', name: 'n' })).modifiedMs;
    assert.equal(await ms({ modified_ms: 1_700_000_000.25 }), 1_700_000_000_250);
    assert.equal(await ms({ modified_ms: '1700000000.25' }), 1_700_000_000_250);
    assert.equal(await ms({ modified_ms: 1_700_000_000_250 }), 1_700_000_000_250);
    assert.equal(await ms({}), 1_700_000_000_000);
    assert.equal(await ms({ modified_ms: null }), 1_700_000_000_000);

    const c = new QuatrixClient({ site: emu.url, auth: { type: 'apiKey', apiKey: ALICE.apiKey } });
    const dir = await c.makeDir({ target: IDS.inbox, name: 'Timed' });
    assert.ok(Math.abs(dir.modifiedMs - dir.modified * 1000) < 1, `${dir.modifiedMs} vs ${dir.modified}`);
  });

  it('should tell folder types from file types', () => {
    for (const type of ['D', 'S', 'T']) assert.equal(isFolderType(type), true, type);
    for (const type of ['F', '', 'd', 'DS']) assert.equal(isFolderType(type), false, type);
  });

  it('should delete files, answered with their ids or with a job', async () => {
    const sent: Array<{ method: string; path: string; body: unknown }> = [];
    assert.deepEqual(await cannedClient(200, { ids: ['a', 'b'] }, sent).deleteFiles(['a', 'b']), {
      ids: ['a', 'b'],
    });
    assert.deepEqual(sent, [{ method: 'POST', path: '/api/1.0/file/delete', body: { ids: ['a', 'b'] } }]);
    assert.deepEqual(await cannedClient(202, { job_id: 'j' }).deleteFiles(['a']), { jobId: 'j' });
    await assert.rejects(cannedClient(200, {}).deleteFiles([]), TypeError);

    const c = new QuatrixClient({ site: emu.url, auth: { type: 'apiKey', apiKey: ALICE.apiKey } });
    const link = await c.getUploadLink({ name: 'doomed.txt', parentId: IDS.inbox, fileSize: 1 });
    assert.deepEqual(await c.deleteFiles([link.fileId]), { ids: [link.fileId] });
    const gone = (await rejection(c.getFileInfo(link.fileId))) as QuatrixError;
    assert.equal(gone.code, QuatrixCode.NotFound);
  });

  it('should read back a widget upload’s payload as the file info’s widget metadata', async () => {
    const visitor = new QuatrixClient({ site: emu.url });
    const payload = { name: 'Eve', email: 'eve@example.com', message: 'Hi' };
    const { uploadKey } = await visitor.getWidgetUploadLink(IDS.widgetOpen, {
      name: 'info.txt',
      fileSize: 2,
      payload,
    });
    await visitor.uploadChunk(uploadKey, new Blob(['ok']), 0, 2);
    const done = await visitor.finalizeWidgetUpload(uploadKey);
    const owner = new QuatrixClient({ site: emu.url, auth: { type: 'apiKey', apiKey: ALICE.apiKey } });
    const info = await owner.getFileInfo(done.id);
    assert.deepEqual(
      { id: info.id, name: info.name, size: info.size, type: info.type, widgetMetadata: info.widgetMetadata },
      { id: done.id, name: 'info.txt', size: 2, type: 'F', widgetMetadata: payload },
    );
    assert.ok(info.created > 0 && info.modified > 0);
  });

  it('should recognise a request that needs its recipient signed in, whatever status and code', async () => {
    const anonymous = new QuatrixClient({ site: emu.url });
    const error = await rejection(anonymous.getFilesReturnMetadata(IDS.requestSignIn));
    assert.equal(isSignInRequired(error), true, String(error));
    const contact = new QuatrixClient({ site: emu.url });
    await contact.login(ERIN.email, ERIN.password);
    assert.equal((await contact.getFilesReturnMetadata(IDS.requestSignIn)).id, IDS.requestSignIn);

    const other = await startEmulator({ requestAuthFailure: { status: 403, code: 72 } });
    try {
      const refused = await rejection(
        new QuatrixClient({ site: other.url }).getFilesReturnMetadata(IDS.requestSignIn),
      );
      assert.ok(refused instanceof QuatrixError && refused.status === 403);
      assert.equal(isSignInRequired(refused), true);
    } finally {
      await other.close();
    }
    const at = { method: 'GET', url: 'https://x/api/1.0/y', msg: 'm' };
    assert.equal(isSignInRequired(new QuatrixError({ ...at, status: 403, code: 70 })), false);
    assert.equal(isSignInRequired(new QuatrixError({ ...at, status: 404, code: 20 })), false);
    assert.equal(isSignInRequired(new QuatrixResponseError('x', 'GET', at.url, 401, '')), false);
    assert.equal(isSignInRequired(new Error('401')), false);
    assert.equal(isSignInRequired(undefined), false);
  });

  it('should send truncate through when asking to modify a file', async () => {
    const sent: Array<{ method: string; path: string; body: unknown }> = [];
    const c = cannedClient(200, { upload_key: 'k' }, sent);
    await c.getModifyLink({ id: 'f', truncate: 0 });
    assert.deepEqual(sent, [
      { method: 'POST', path: '/api/1.0/file/modify', body: { id: 'f', truncate: 0 } },
    ]);
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
