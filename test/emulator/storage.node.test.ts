import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { QuatrixEmulator } from '../../demo/emulator/index.js';
import { insideRoot } from '../../demo/emulator/names.js';
import { ALICE, IDS } from '../fixtures/seed.js';
import { call, startEmulator } from '../helpers/emulator.js';

const BAD_NAMES: Array<[string, RegExp]> = [
  ['../escape.txt', /path separator/],
  ['..', /reserved/],
  ['.', /reserved/],
  ['a/b.txt', /path separator/],
  ['a\\b.txt', /path separator/],
  ['nul\u0000.txt', /control/],
  ['line\nbreak.txt', /control/],
  ['del\u007f.txt', /control/],
  ['   ', /empty/],
  ['x'.repeat(256), /255 characters/],
  ['trailing space ', /ends with a space/],
  ['trailing nbsp\u00a0', /ends with a space/],
  ['trailing dot.', /ends with a dot/],
  ['dots...', /ends with a dot/],
  ['é'.repeat(128), /255 bytes/],
];

describe('emulator: insideRoot', () => {
  it('should refuse any path that leaves the root, however it is spelled', () => {
    const root = path.join(tmpdir(), 'root');
    assert.equal(insideRoot(root, 'a', 'b.txt'), path.join(root, 'a', 'b.txt'));
    for (const parts of [['..', 'x'], ['a', '..', '..', 'x'], ['/etc/passwd'], ['a/../../x']]) {
      assert.throws(() => insideRoot(root, ...parts), /outside the data directory/, parts.join(' '));
    }
    assert.throws(() => insideRoot(root, '..', 'root-sibling'), /outside/);
  });
});

describe('emulator: storage on disk', () => {
  let emu: QuatrixEmulator;
  let parent: string;
  let dataDir: string;
  const auth = { headers: { Authorization: `Bearer ${ALICE.apiKey}` } };

  before(async () => {
    parent = await mkdtemp(path.join(tmpdir(), 'quatrix-storage-test-'));
    dataDir = path.join(parent, 'data');
    emu = await startEmulator({ dataDir });
  });
  after(async () => {
    await emu.close();
    await rm(parent, { recursive: true, force: true });
  });
  const api = (method: string, p: string, body?: unknown) =>
    call(emu.url, method, `/api/1.0${p}`, { ...auth, body });

  async function upload(name: string, content: string, parentId: string = IDS.inbox, resolve?: boolean) {
    const link = await api('POST', '/upload/link', {
      name,
      parent_id: parentId,
      file_size: Buffer.byteLength(content),
      resolve,
    });
    if (link.status !== 200) return link;
    const key = (link.body as { upload_key: string }).upload_key;
    if (content !== '') {
      await call(emu.url, 'POST', `/upload/chunked/${key}`, {
        raw: content,
        headers: {
          'Content-Range': `bytes 0-${Buffer.byteLength(content) - 1}/${Buffer.byteLength(content)}`,
        },
      });
    }
    return call(emu.url, 'GET', `/api/1.0/upload/finalize/${key}`, auth);
  }

  it('should refuse unsafe names everywhere with code 10 and write nothing outside the data directory', async () => {
    for (const [name, reason] of BAD_NAMES) {
      for (const [p, body] of [
        ['/upload/link', { name, parent_id: IDS.inbox, file_size: 1 }],
        ['/file/makedir', { target: IDS.inbox, name }],
        [`/widget/upload-link/${IDS.widgetOpen}`, { name, file_size: 1 }],
        [`/files-return/upload-link/${IDS.request}`, { name, file_size: 1 }],
      ] as const) {
        const r = await api('POST', p, body);
        assert.equal(r.status, 400, `${p} accepted ${JSON.stringify(name)}`);
        const error = r.body as { code: number; msg: string };
        assert.equal(error.code, 10);
        assert.match(error.msg, reason);
      }
    }
    assert.deepEqual(await readdir(parent), ['data'], 'nothing was written beside the data directory');
  });

  it('should keep the tree on disk with the names given, and rename on a clash', async () => {
    const folder = await api('POST', '/file/makedir', { target: IDS.inbox, name: 'Ünïcode & spaces' });
    assert.equal(folder.status, 201);
    const folderId = (folder.body as { id: string }).id;
    const first = await upload('notes.txt', 'one', folderId);
    const second = await upload('notes.txt', 'two', folderId);
    assert.equal(first.status, 200);
    assert.equal(second.status, 200);
    const names = emu
      .files(folderId)
      .map((f) => f.name)
      .sort();
    assert.deepEqual(names, ['notes (1).txt', 'notes.txt']);
    const stored = emu.files(folderId).find((f) => f.name === 'notes (1).txt')!;
    assert.equal(await readFile(path.join(dataDir, 'files', stored.path), 'utf8'), 'two');
    assert.ok(stored.path.startsWith(path.join(IDS.aliceHome, 'Inbox', 'Ünïcode & spaces')));
    const clash = await upload('notes.txt', 'three', folderId, false);
    assert.equal(clash.status, 409);
    assert.equal((clash.body as { code: number }).code, 30);
  });

  it('should replace a file through file/modify, renaming it when asked', async () => {
    const done = await upload('draft.txt', 'old content');
    const id = (done.body as { id: string }).id;
    const link = await api('POST', '/file/modify', { id, name: 'final.txt' });
    assert.equal(link.status, 200);
    assert.equal((link.body as { file_id: string }).file_id, id);
    const key = (link.body as { upload_key: string }).upload_key;
    await call(emu.url, 'POST', `/upload/chunked/${key}`, {
      raw: 'new',
      headers: { 'Content-Range': 'bytes 0-2/3' },
    });
    const fin = await call(emu.url, 'GET', `/api/1.0/upload/finalize/${key}`, auth);
    assert.equal((fin.body as { size: number }).size, 3);
    const file = emu.files().find((f) => f.id === id)!;
    assert.equal(file.name, 'final.txt');
    assert.equal(await readFile(path.join(dataDir, 'files', file.path), 'utf8'), 'new');
    assert.ok(!emu.files().some((f) => f.name === 'draft.txt'));
  });

  it('should refuse what the quota cannot hold (code 50) and report usage in profile/info', async () => {
    const info = await api('GET', '/profile/info');
    const { user_used, user_limit } = info.body as { user_used: number; user_limit: number };
    assert.equal(user_limit, 50 * 1024 * 1024);
    assert.equal(
      user_used,
      emu
        .files()
        .filter((f) => emu.store.isWithin(f.id, IDS.aliceHome))
        .reduce((s, f) => s + f.size, 0),
    );
    const tooBig = await api('POST', '/upload/link', {
      name: 'huge.iso',
      parent_id: IDS.inbox,
      file_size: user_limit,
    });
    assert.equal((tooBig.body as { code: number }).code, 50);
  });

  it('should refuse an unsafe new name in file/modify before any byte is sent', async () => {
    const done = await upload('keep.txt', 'x');
    const r = await api('POST', '/file/modify', {
      id: (done.body as { id: string }).id,
      name: '../keep.txt',
    });
    assert.deepEqual([r.status, (r.body as { code: number }).code], [400, 10]);
  });

  it("should not let a user write into another user's folder", async () => {
    const r = await api('POST', '/upload/link', { name: 'x', parent_id: IDS.bobFolder, file_size: 1 });
    assert.equal((r.body as { code: number }).code, 70);
  });
});
