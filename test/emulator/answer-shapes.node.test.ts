import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Answer, QuatrixEmulator } from '../../demo/emulator/index.js';
import { ALICE, IDS } from '../fixtures/seed.js';
import { call, startEmulator } from '../helpers/emulator.js';

const bearer = { headers: { Authorization: `Bearer ${ALICE.apiKey}` } };

describe('emulator: answers in the shapes the production clients decode', () => {
  let emu: QuatrixEmulator;
  before(async () => {
    emu = await startEmulator();
  });
  after(() => emu.close());
  const api = (method: string, p: string, body?: unknown) =>
    call(emu.url, method, `/api/1.0${p}`, { ...bearer, body });

  async function linkAndChunk(): Promise<{ key: string; fileId: string; text: string }> {
    const link = await api('POST', '/upload/link', { name: 'shape.txt', parent_id: IDS.inbox, file_size: 3 });
    const { upload_key: key, file_id: fileId } = link.body as { upload_key: string; file_id: string };
    const r = await fetch(`${emu.url}/upload/chunked/${key}`, {
      method: 'POST',
      body: 'abc',
      headers: { 'Content-Range': 'bytes 0-2/3' },
    });
    assert.equal(r.status, 200);
    assert.match(r.headers.get('Content-Type') ?? '', /^application\/json/);
    return { key, fileId, text: await r.text() };
  }

  it('should answer a chunk with a JSON string: the file id (rclone decodes a string)', async () => {
    const { fileId, text } = await linkAndChunk();
    assert.equal(text, JSON.stringify(fileId));
  });

  it('should answer finalize with `modified` in whole Unix seconds', async () => {
    const { key } = await linkAndChunk();
    const done = await api('GET', `/upload/finalize/${key}?mtime=1700000000.75`);
    const body = done.body as { modified: number; size: number };
    assert.equal(body.modified, 1_700_000_000);
    assert.ok(Number.isInteger(body.modified));
    assert.equal(body.size, 3);
  });

  it('should answer FileResp `modified_ms` in Unix seconds with a fraction, like `modified`', async () => {
    const { key, fileId } = await linkAndChunk();
    await api('GET', `/upload/finalize/${key}?mtime=1700000000.75`);
    const list = await api('GET', `/file/metadata/${IDS.inbox}`);
    const file = (list.body as { content: Array<Record<string, unknown>> }).content.find(
      (f) => f.id === fileId,
    )!;
    assert.equal(file.modified_ms, 1_700_000_000.75);
    assert.equal(file.modified, 1_700_000_000.75);
    const dir = await api('POST', '/file/makedir', { target: IDS.inbox, name: 'Shapes' });
    const made = dir.body as { modified: number; modified_ms: number };
    assert.equal(made.modified_ms, made.modified);
    assert.ok(made.modified_ms < 1e11, 'seconds, not milliseconds');
  });

  it('should answer files-return/metadata with an empty `sender_key` (no PGP here)', async () => {
    const meta = await call(emu.url, 'GET', `/api/1.0/files-return/metadata/${IDS.request}`);
    assert.equal((meta.body as { sender_key: unknown }).sender_key, '');
  });
});

describe('emulator: setAnswerTransform', () => {
  let emu: QuatrixEmulator;
  before(async () => {
    emu = await startEmulator();
  });
  after(() => emu.close());

  it('should rewrite JSON answers, errors included, until it is removed', async () => {
    const seen: Answer[] = [];
    emu.setAnswerTransform((answer) => {
      seen.push(answer);
      return answer.path.startsWith('/api/1.0/widget/metadata/')
        ? { ...(answer.body as object), files_remaining: null }
        : answer.body;
    });
    const meta = await call(emu.url, 'GET', `/api/1.0/widget/metadata/${IDS.widgetOpen}`);
    assert.deepEqual(meta.body, { id: IDS.widgetOpen, captcha_passed: true, files_remaining: null });
    assert.deepEqual(seen[0], {
      method: 'GET',
      path: `/api/1.0/widget/metadata/${IDS.widgetOpen}`,
      status: 200,
      body: { id: IDS.widgetOpen, captcha_passed: true, files_remaining: 3 },
    });
    await call(emu.url, 'GET', `/api/1.0/widget/metadata/${IDS.unknown}`);
    assert.equal(seen[1]?.status, 404);
    assert.deepEqual(seen[1]?.body, { msg: "Widget doesn't exist", code: 91 });

    emu.setAnswerTransform(() => undefined);
    const empty = await call(emu.url, 'GET', '/api/1.0/languages/default');
    assert.deepEqual([empty.status, empty.body], [200, undefined]);

    emu.setAnswerTransform();
    const plain = await call(emu.url, 'GET', `/api/1.0/widget/metadata/${IDS.widgetOpen}`);
    assert.equal((plain.body as { files_remaining: number }).files_remaining, 3);
    assert.equal(seen.length, 2);
  });
});
