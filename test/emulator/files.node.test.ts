import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import type { QuatrixEmulator } from '../../demo/emulator/index.js';
import { ALICE, ERIN, IDS, testSeed } from '../fixtures/seed.js';
import { basic, call, startEmulator, type RawAnswer } from '../helpers/emulator.js';

const bearer = { headers: { Authorization: `Bearer ${ALICE.apiKey}` } };
const PROJECT = '11111111-1111-4111-8111-111111111211';
const TEAM = '11111111-1111-4111-8111-111111111212';

interface FileEntry {
  id: string;
  name: string;
  type: string;
  size: number;
}

describe('emulator: listing, file info and deleting', () => {
  let emu: QuatrixEmulator;
  before(async () => {
    const seed = testSeed();
    seed.folders!.push(
      { id: PROJECT, parent: IDS.aliceHome, name: 'Project', type: 'S' },
      { id: TEAM, parent: PROJECT, name: 'Team', type: 'T' },
    );
    seed.widgets!.push({ id: '11111111-1111-4111-8111-111111111499', owner: IDS.alice, folder: TEAM });
    emu = await startEmulator({ seed });
  });
  after(() => emu.close());
  const api = (method: string, p: string, body?: unknown): Promise<RawAnswer> =>
    call(emu.url, method, `/api/1.0${p}`, { ...bearer, body });
  const codeOf = (r: RawAnswer) => (r.body as { code: number }).code;
  const list = async (folder: string): Promise<FileEntry[]> =>
    ((await api('GET', `/file/metadata/${folder}`)).body as { content: FileEntry[] }).content;

  async function reserve(name: string, size: number, parentId: string = IDS.inbox) {
    const r = await api('POST', '/upload/link', { name, parent_id: parentId, file_size: size });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body as { file_id: string; upload_key: string };
  }
  async function upload(name: string, content: string, parentId: string = IDS.inbox): Promise<string> {
    const { file_id, upload_key } = await reserve(name, content.length, parentId);
    await call(emu.url, 'POST', `/upload/chunked/${upload_key}`, {
      raw: content,
      headers: { 'Content-Range': `bytes 0-${content.length - 1}/${content.length}` },
    });
    assert.equal((await api('GET', `/upload/finalize/${upload_key}`)).status, 200);
    return file_id;
  }

  it('should list reserved, unfinished files too, and keep them out of the quota', async () => {
    const before = ((await api('GET', '/profile/info')).body as { user_used: number }).user_used;
    const { file_id, upload_key } = await reserve('partial.bin', 10);
    await call(emu.url, 'POST', `/upload/chunked/${upload_key}`, {
      raw: new Uint8Array(5),
      headers: { 'Content-Range': 'bytes 0-4/10' },
    });
    const entry = (await list(IDS.inbox)).find((f) => f.id === file_id);
    assert.deepEqual([entry?.name, entry?.type], ['partial.bin', 'F']);
    assert.equal((await api('GET', `/file/metadata/${file_id}`)).status, 200);
    const after = ((await api('GET', '/profile/info')).body as { user_used: number }).user_used;
    assert.equal(after, before, 'a pending file uses no quota');
  });

  it('should delete files (200 {ids}), a pending one with its upload key and part file', async () => {
    const done = await upload('gone.txt', 'bye');
    const { file_id: pending, upload_key: key } = await reserve('half.bin', 10);
    await call(emu.url, 'POST', `/upload/chunked/${key}`, {
      raw: new Uint8Array(5),
      headers: { 'Content-Range': 'bytes 0-4/10' },
    });
    assert.ok((await readdir(`${emu.store.dataDir}/uploads`)).includes(`${key}.part`));
    const r = await api('POST', '/file/delete', { ids: [done, pending] });
    assert.deepEqual([r.status, r.body], [200, { ids: [done, pending] }]);
    const names = (await list(IDS.inbox)).map((f) => f.name);
    assert.ok(!names.includes('gone.txt') && !names.includes('half.bin'));
    assert.ok(!emu.files().some((f) => f.id === done));
    const chunk = await call(emu.url, 'POST', `/upload/chunked/${key}`, {
      raw: new Uint8Array(5),
      headers: { 'Content-Range': 'bytes 5-9/10' },
    });
    assert.deepEqual([chunk.status, codeOf(chunk)], [404, 20]);
    assert.ok(!(await readdir(`${emu.store.dataDir}/uploads`)).includes(`${key}.part`));
  });

  it('should delete a folder with everything below it', async () => {
    const dir = (await api('POST', '/file/makedir', { target: IDS.inbox, name: 'Old' })).body as {
      id: string;
    };
    const inside = await upload('inside.txt', 'x', dir.id);
    assert.equal((await api('POST', '/file/delete', { ids: [dir.id, inside] })).status, 200);
    assert.equal(emu.store.nodes.has(inside), false);
    assert.equal((await api('GET', `/file/metadata/${dir.id}`)).status, 404);
  });

  it('should answer 202 with a job for more than ten ids (swagger)', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 11; i++) ids.push((await reserve(`many-${i}.bin`, 1)).file_id);
    const r = await api('POST', '/file/delete', { ids });
    assert.equal(r.status, 202);
    assert.match((r.body as { job_id: string }).job_id, /^[0-9a-f-]{36}$/);
    assert.ok(ids.every((id) => !emu.store.nodes.has(id)));
  });

  it('should delete only in the user’s own home, and nothing when one id is refused', async () => {
    const mine = await upload('kept.txt', 'k');
    const foreign = await api('POST', '/file/delete', { ids: [mine, IDS.bobFolder] });
    assert.equal(codeOf(foreign), 70);
    assert.ok(emu.store.nodes.has(mine), 'nothing deleted');
    assert.equal(codeOf(await api('POST', '/file/delete', { ids: [IDS.unknown] })), 20);
    assert.equal(codeOf(await api('POST', '/file/delete', { ids: [IDS.aliceHome] })), 70);
    assert.equal(codeOf(await api('POST', '/file/delete', { ids: [] })), 11);
    const contact = (
      await call(emu.url, 'GET', '/api/1.0/session/login', {
        headers: { Authorization: basic(ERIN.email, ERIN.password) },
      })
    ).body as { session_id: string };
    const asContact = await call(emu.url, 'POST', '/api/1.0/file/delete', {
      token: contact.session_id,
      body: { ids: [mine] },
    });
    assert.equal(asContact.status, 401);
  });

  it('should answer file/info with the swagger’s fields', async () => {
    const id = await upload('info.txt', 'four');
    const r = await api('GET', `/file/info/${id}`);
    assert.equal(r.status, 200);
    const info = r.body as Record<string, unknown>;
    assert.deepEqual(Object.keys(info).sort(), [
      'action_role',
      'content_modified',
      'created',
      'file_owner',
      'id',
      'modified',
      'name',
      'paths',
      'size',
      'type',
    ]);
    assert.deepEqual([info.id, info.name, info.size, info.type], [id, 'info.txt', 4, 'F']);
    assert.deepEqual(info.file_owner, { id: IDS.alice, name: 'Alice Tester', email: ALICE.email });
    assert.deepEqual(info.action_role, info.file_owner);
    assert.deepEqual(info.paths, { path: '/Inbox/info.txt', type: 'F' });
    assert.equal(codeOf(await api('GET', `/file/info/${IDS.bobFolder}`)), 20);
  });

  it('should answer a widget upload’s payload as widget_metadata of file/info', async () => {
    const link = await call(emu.url, 'POST', `/api/1.0/widget/upload-link/${IDS.widgetOpen}`, {
      body: { name: 'from-widget.txt', file_size: 1, payload: { email: 'eve@example.com', message: 'Hi' } },
    });
    const key = (link.body as { upload_key: string }).upload_key;
    await call(emu.url, 'POST', `/upload/chunked/${key}`, {
      raw: 'w',
      headers: { 'Content-Range': 'bytes 0-0/1' },
    });
    const done = await call(emu.url, 'GET', `/api/1.0/widget/finalize-upload/${key}`);
    const info = (await api('GET', `/file/info/${(done.body as { id: string }).id}`)).body as Record<
      string,
      unknown
    >;
    assert.deepEqual(info.widget_metadata, { email: 'eve@example.com', message: 'Hi' });
    assert.equal((info.action_role as { id: string }).id, IDS.widgetOpen);
  });

  it('should treat project folders (S) and T folders as folders, reporting their type', async () => {
    const home = await list(IDS.aliceHome);
    assert.equal(home.find((f) => f.id === PROJECT)?.type, 'S');
    assert.equal((await list(PROJECT)).find((f) => f.id === TEAM)?.type, 'T');
    const made = await api('POST', '/file/makedir', { target: PROJECT, name: 'Sub' });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const id = await upload('in-team.txt', 't', TEAM);
    assert.ok((await list(TEAM)).some((f) => f.id === id));
    const widgetLink = await call(
      emu.url,
      'POST',
      '/api/1.0/widget/upload-link/11111111-1111-4111-8111-111111111499',
      { body: { name: 'w.txt', file_size: 1 } },
    );
    assert.equal(widgetLink.status, 200, 'a widget may deliver into a T folder');
  });
});
