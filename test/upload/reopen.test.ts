import { expect } from '@open-wc/testing';
import { createStore, keys } from 'idb-keyval';
import { QuatrixClient } from '../../src/api/index.js';
import { FolderTarget, type Uploader } from '../../src/upload/index.js';
import { ALICE, IDS } from '../fixtures/seed.js';
import { chunkPosts, requestLog, sha256Hex } from '../helpers/emulator-browser.js';
import { emulatorPerTest } from '../helpers/emulator-per-test.js';
import { allDone, until, uploadersPerTest } from '../helpers/uploader.js';

const KiB = 1024;

/**
 * A dropped folder as Chromium gives it, made in the origin's private file system: real
 * FileSystemDirectoryHandle and FileSystemFileHandle objects, which IndexedDB can keep.
 */
async function droppedFolder(
  name: string,
  files: Record<string, number>,
): Promise<FileSystemDirectoryHandle> {
  const root = await navigator.storage.getDirectory();
  await root.removeEntry(name, { recursive: true }).catch(() => {});
  const dir = await root.getDirectoryHandle(name, { create: true });
  for (const [file, size] of Object.entries(files)) {
    const bytes = new Uint8Array(size);
    for (let i = 0; i < size; i++) bytes[i] = (i * 31 + size) % 251;
    const writable = await (await dir.getFileHandle(file, { create: true })).createWritable();
    await writable.write(bytes);
    await writable.close();
  }
  return dir;
}

describe('continuing after a reload without choosing the files again (kept handles)', () => {
  const emu = emulatorPerTest();
  const make = uploadersPerTest();
  const target = (): FolderTarget =>
    new FolderTarget(
      new QuatrixClient({ site: emu().url, auth: { type: 'apiKey', apiKey: ALICE.apiKey } }),
      IDS.inbox,
    );

  beforeEach(async () => {
    await emu.start();
    localStorage.clear();
  });

  /** A first visit that sends part of `big.bin` of the dropped folder, then closes (its engine is let go). */
  async function firstVisit(dir: FileSystemDirectoryHandle): Promise<{ file: File; confirmed: number }> {
    await emu().control('setFaults', [{ path: '/upload/chunked/', latencyMs: 120 }]);
    const file = await (await dir.getFileHandle('big.bin')).getFile();
    const first: Uploader = make(target(), { chunkSize: 64 * KiB });
    const [state] = first.addFiles([
      { file, relativePath: 'Scans/big.bin', source: { handle: dir, path: ['big.bin'] } },
    ]);
    await until(first, () => (first.getFile(state!.id)?.bytesUploaded ?? 0) >= 192 * KiB);
    const confirmed = first.getFile(state!.id)!.bytesUploaded;
    first.dispose();
    await emu().control('setFaults', []);
    return { file, confirmed };
  }

  it('should continue from the confirmed offset, into the same upload, byte-identical, and forget the handle after', async () => {
    const dir = await droppedFolder('drop-continue', { 'big.bin': 640 * KiB });
    const { file, confirmed } = await firstVisit(dir);
    const linksBefore = (await requestLog(emu())).filter((r) => r.path.endsWith('/upload/link')).length;

    // The next visit: a new engine for the same folder reads what the first one kept.
    const next = make(target(), { chunkSize: 64 * KiB });
    expect(next.listUnfinished().map((u) => u.relativePath)).to.deep.equal(['Scans/big.bin']);
    expect((await next.listReopenable()).map((u) => u.relativePath)).to.deep.equal(['Scans/big.bin']);
    const done = allDone(next);
    const lost = await next.reopen();
    expect(lost).to.deep.equal([]);
    const [again] = next.getState().files;
    expect(again!.resumed).to.equal(true);
    const { successful, failed } = await done;
    expect(failed).to.have.length(0);
    expect(await emu().sha256(successful[0]!.result!.fileId)).to.equal(await sha256Hex(file));
    const log = await requestLog(emu());
    // No new reservation: the same upload went on.
    expect(log.filter((r) => r.path.endsWith('/upload/link')).length).to.equal(linksBefore);
    const starts = chunkPosts(log).map((r) => Number(/bytes (\d+)-/.exec(r.contentRange ?? '')?.[1]));
    const resumedAt = starts.findIndex((s, i) => i > 0 && s <= starts[i - 1]!);
    // After the first visit's chunks, the next one starts where the server had confirmed (or further).
    expect(starts.slice(resumedAt === -1 ? 0 : resumedAt)[0]).to.be.at.least(confirmed - 64 * KiB);
    expect(starts.filter((s) => s === 0)).to.have.length(1);
    // Done: nothing is kept of it any more.
    expect(next.listUnfinished()).to.deep.equal([]);
    await new Promise((r) => setTimeout(r, 100));
    const third = make(target());
    expect(await third.listReopenable()).to.deep.equal([]);
  });

  it('should not continue a file that changed since, and say so', async () => {
    const dir = await droppedFolder('drop-changed', { 'big.bin': 640 * KiB });
    await firstVisit(dir);
    // The file is written again before the next visit: another size and date.
    const writable = await (await dir.getFileHandle('big.bin')).createWritable();
    await writable.write(new Uint8Array(700 * KiB));
    await writable.close();
    const next = make(target(), { chunkSize: 64 * KiB });
    const lost = await next.reopen();
    expect(lost.map((u) => u.relativePath)).to.deep.equal(['Scans/big.bin']);
    expect(next.getState().files).to.have.length(0);
  });

  it('should make the empty folders of a dropped folder, and nothing for a name Quatrix refuses', async () => {
    const client = new QuatrixClient({ site: emu().url, auth: { type: 'apiKey', apiKey: ALICE.apiKey } });
    /** The names in a folder, once it holds `count` entries (folders are made in the background). */
    const names = async (id: string, count: number): Promise<string[]> => {
      for (let i = 0; ; i++) {
        const content = (await client.getFileMetadata(id)).content;
        if (content.length >= count || i > 100) return content.map((f) => f.name).sort();
        await new Promise((r) => setTimeout(r, 30));
      }
    };
    const idOf = async (parent: string, name: string): Promise<string> =>
      (await client.getFileMetadata(parent)).content.find((f) => f.name === name)!.id;
    const up = make(target());
    up.addFolders(['Trip/Day 3/Empty', 'Trip/Notes', 'bad/..']);
    expect(await names(IDS.inbox, 1)).to.deep.equal(['Trip']);
    const trip = await idOf(IDS.inbox, 'Trip');
    expect(await names(trip, 2)).to.deep.equal(['Day 3', 'Notes']);
    expect(await names(await idOf(trip, 'Day 3'), 1)).to.deep.equal(['Empty']);
    expect(await names(IDS.inbox, 2)).to.deep.equal(['Trip']);
  });

  it('should let go of a kept handle whose record is gone (expired) when the next engine starts', async () => {
    const dir = await droppedFolder('drop-expired', { 'big.bin': 640 * KiB });
    await firstVisit(dir);
    const kept = (): Promise<IDBValidKey[]> => keys(createStore('quatrix-upload', 'file-sources'));
    expect(await kept()).to.have.length(1);
    // The record expires (24 hours by default): it is gone from localStorage.
    for (const key of Object.keys(localStorage)) if (key.includes('big.bin')) localStorage.removeItem(key);
    make(target());
    for (let i = 0; i < 50 && (await kept()).length > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await kept()).to.have.length(0);
  });
});
