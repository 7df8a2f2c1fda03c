import { expect } from '@open-wc/testing';
import { QuatrixClient } from '../../src/api/index.js';
import { DEFAULT_MAX_CHUNK_BYTES, FolderTarget, WidgetTarget } from '../../src/upload/index.js';
import { ALICE, IDS, testSeed } from '../fixtures/seed.js';
import { chunkPosts, makeFile, requestLog, sha256Hex } from '../helpers/emulator-browser.js';
import { emulatorPerTest } from '../helpers/emulator-per-test.js';
import { allDone, signInAgainAndSend, until, uploadersPerTest } from '../helpers/uploader.js';

const KiB = 1024;
const MiB = 1024 * KiB;

interface Node {
  id: string;
  name: string;
  type: string;
  state: string;
}

describe('Uploader and the Quatrix protocol', () => {
  const emu = emulatorPerTest({ lazy: true });
  const make = uploadersPerTest();
  const site = (): string => emu().url;
  const apiKeyClient = (fetchImpl?: typeof fetch): QuatrixClient =>
    new QuatrixClient({ site: site(), auth: { type: 'apiKey', apiKey: ALICE.apiKey }, fetch: fetchImpl });
  const nodes = async (folderId: string): Promise<Node[]> =>
    (await emu().control('nodes', folderId)) as Node[];

  it('should keep its default chunks below 100,000,000 bytes', () => {
    expect(DEFAULT_MAX_CHUNK_BYTES).to.be.below(100_000_000);
  });

  it('should send the same range again in smaller chunks when the server answers 413', async () => {
    await emu.start({ chunkLimits: { maxChunkBytes: 1 * MiB } });
    const file = makeFile('big.bin', 5 * MiB + 123, 9);
    const up = make(new WidgetTarget(new QuatrixClient({ site: site() }), IDS.widgetOpen), {
      chunkSize: 4 * MiB,
    });
    const done = allDone(up);
    up.addFiles([file]);
    const { successful, failed } = await done;
    expect(failed, failed[0]?.error?.message).to.have.length(0);
    const posts = chunkPosts(await requestLog(emu()));
    const tooLarge = posts.filter((r) => r.status === 413);
    expect(tooLarge.map((r) => r.contentRange)).to.deep.equal([
      `bytes 0-${4 * MiB - 1}/${file.size}`,
      `bytes 0-${2 * MiB - 1}/${file.size}`,
    ]);
    const accepted = posts.filter((r) => r.status === 200);
    const lengths = accepted.map((r) => {
      const [, a, b] = /bytes (\d+)-(\d+)/.exec(r.contentRange ?? '')!;
      return Number(b) - Number(a) + 1;
    });
    expect(Math.max(...lengths)).to.equal(1 * MiB);
    expect(await emu().sha256(successful[0]!.result!.fileId)).to.equal(await sha256Hex(file));
  });

  it('should pause and resume mid-chunk against a server that appends, and store the file intact', async () => {
    await emu.start();
    // Each chunk's answer is slow, so a pause lands while the server handles one.
    await emu().control('setFaults', [{ path: '/upload/chunked/', latencyMs: 250 }]);
    const file = makeFile('paused.bin', 640 * KiB + 7, 12);
    const up = make(new WidgetTarget(new QuatrixClient({ site: site() }), IDS.widgetOpen));
    const done = allDone(up);
    const [state] = up.addFiles([file]);
    for (const at of [1, 4, 7]) {
      await until(up, () => (up.getFile(state!.id)?.bytesUploaded ?? 0) >= at * 64 * KiB);
      await new Promise((r) => setTimeout(r, 120));
      up.pause(state!.id);
      await new Promise((r) => setTimeout(r, 400));
      up.resume(state!.id);
    }
    const { successful, failed } = await done;
    expect(failed, failed[0]?.error?.message).to.have.length(0);
    expect(await emu().sha256(successful[0]!.result!.fileId)).to.equal(await sha256Hex(file));
  });

  it('should refuse names Quatrix would refuse, with the reason, before sending anything', async () => {
    await emu.start();
    const up = make(new FolderTarget(apiKeyClient(), IDS.inbox));
    const done = allDone(up);
    up.addFiles([
      makeFile('trailing space ', 10),
      makeFile('trailing dot.', 10),
      { file: makeFile('in.txt', 10), relativePath: 'Folder./in.txt' },
      makeFile('tab\there.txt', 10),
      makeFile(`${'n'.repeat(252)}.txt`, 10),
      makeFile('fine.txt', 10),
    ]);
    const { successful, failed } = await done;
    expect(successful.map((f) => f.name)).to.deep.equal(['fine.txt']);
    expect(failed.map((f) => [f.error?.reason, f.error?.details.problem])).to.deep.equal([
      ['name', 'trailing'],
      ['name', 'trailing'],
      ['name', 'trailing'],
      ['name', 'control'],
      ['name', 'too-long'],
    ]);
    const links = (await requestLog(emu())).filter(
      (r) => r.method === 'POST' && r.path.endsWith('/upload/link'),
    );
    expect(links).to.have.length(1);
    expect((await nodes(IDS.inbox)).map((n) => n.name)).to.deep.equal(['fine.txt']);
  });

  it('should delete the reserved file when an upload is cancelled, and start clean when tried again', async () => {
    await emu.start();
    await emu().control('setFaults', [{ path: '/upload/chunked/', latencyMs: 200 }]);
    const up = make(new FolderTarget(apiKeyClient(), IDS.inbox));
    const [state] = up.addFiles([makeFile('report.pdf', 400 * KiB, 3)]);
    await until(up, () => (up.getFile(state!.id)?.bytesUploaded ?? 0) > 0);
    expect((await nodes(IDS.inbox)).map((n) => [n.name, n.state])).to.deep.equal([['report.pdf', 'pending']]);
    up.cancel(state!.id);
    await until(up, () => up.getFile(state!.id)?.status === 'cancelled');
    const deleted = async (): Promise<boolean> => (await nodes(IDS.inbox)).length === 0;
    for (let i = 0; i < 50 && !(await deleted()); i++) await new Promise((r) => setTimeout(r, 50));
    expect(await deleted(), 'no unfinished file is left in the folder').to.equal(true);

    await emu().control('setFaults', []);
    const done = allDone(up);
    up.retry(state!.id);
    const { successful } = await done;
    expect(successful).to.have.length(1);
    expect((await nodes(IDS.inbox)).map((n) => [n.name, n.state])).to.deep.equal([['report.pdf', 'ready']]);
  });

  it('should delete the reserved file when an upload fails for good', async () => {
    await emu.start();
    await emu().control('setFaults', [{ path: '/upload/chunked/', status: 503 }]);
    const up = make(new FolderTarget(apiKeyClient(), IDS.inbox), { maxRetries: 1 });
    const done = allDone(up);
    up.addFiles([makeFile('doomed.bin', 100 * KiB, 4)]);
    const { failed } = await done;
    expect(failed.map((f) => f.error?.reason)).to.deep.equal(['server']);
    const deletes = async (): Promise<number> =>
      (await requestLog(emu())).filter((r) => r.path.endsWith('/file/delete') && r.status === 200).length;
    for (let i = 0; i < 50 && (await deletes()) === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await deletes()).to.equal(1);
    expect(await nodes(IDS.inbox)).to.deep.equal([]);
  });

  it("should start an earlier visit's upload cleanly after its session ended, keeping its name", async () => {
    await emu.start();
    await emu().control('setFaults', [{ path: '/upload/chunked/', latencyMs: 100 }]);
    const file = makeFile('report.bin', 1024 * KiB, 21);
    const before = new QuatrixClient({ site: site() });
    await before.login(ALICE.email, ALICE.password);
    const first = make(new FolderTarget(before, IDS.inbox));
    const [state] = first.addFiles([file]);
    await until(first, () => (first.getFile(state!.id)?.bytesUploaded ?? 0) >= 256 * KiB);
    first.dispose(); // the page goes away
    await emu().control('advanceTime', 16 * 60_000); // and its session ends

    const after = new QuatrixClient({ site: site() });
    await after.login(ALICE.email, ALICE.password);
    const second = make(new FolderTarget(after, IDS.inbox));
    expect(second.listUnfinished()).to.have.length(1);
    const done = allDone(second);
    const [again] = second.addFiles([file]);
    expect(again!.resumed).to.equal(true);
    const { successful, failed } = await done;
    expect(failed, failed[0]?.error?.message).to.have.length(0);
    expect((await nodes(IDS.inbox)).map((n) => [n.name, n.state])).to.deep.equal([['report.bin', 'ready']]);
    expect(await emu().sha256(successful[0]!.result!.fileId)).to.equal(await sha256Hex(file));
    expect(localStorage.length).to.equal(0);
  });

  it('should finish a file whose session ended while it was sent, once signed in again (a new engine)', async () => {
    await emu.start();
    await emu().control('setFaults', [{ path: '/upload/chunked/', latencyMs: 100 }]);
    const file = makeFile('ended.bin', 1024 * KiB, 22);
    const client = new QuatrixClient({ site: site() });
    await client.login(ALICE.email, ALICE.password);
    const first = make(new FolderTarget(client, IDS.inbox), { keepaliveIntervalMs: 60_000 });
    const firstDone = allDone(first);
    const [state] = first.addFiles([file]);
    await until(first, () => (first.getFile(state!.id)?.bytesUploaded ?? 0) >= 256 * KiB);
    await emu().control('advanceTime', 16 * 60_000); // the session ends while the file is sent
    const { failed } = await firstDone;
    expect(failed.map((f) => f.error?.reason)).to.deep.equal(['unauthorized']);
    expect(localStorage.length, 'the record stays, to find the reservation again').to.equal(1);
    first.dispose();

    const { added, done } = await signInAgainAndSend(make, client, ALICE, IDS.inbox, file);
    expect(added.resumed).to.equal(true);
    const { successful } = done;
    expect((await nodes(IDS.inbox)).map((n) => [n.name, n.state])).to.deep.equal([['ended.bin', 'ready']]);
    expect(await emu().sha256(successful[0]!.result!.fileId)).to.equal(await sha256Hex(file));
    expect(localStorage.length).to.equal(0);
  });

  it('should keep no upload key in storage once a file has failed for good', async () => {
    await emu.start();
    await emu().control('setFaults', [{ path: '/upload/chunked/', after: 1, status: 503 }]);
    const up = make(new WidgetTarget(new QuatrixClient({ site: site() }), IDS.widgetOpen), { maxRetries: 1 });
    const [state] = up.addFiles([makeFile('kept-key.bin', 200 * KiB, 8)]);
    await until(up, () => (up.getFile(state!.id)?.bytesUploaded ?? 0) > 0);
    expect(localStorage.length, 'a record while it runs').to.equal(1);
    const done = allDone(up);
    const { failed } = await done;
    expect(failed).to.have.length(1);
    expect(localStorage.length).to.equal(0);
  });

  it('should replace an existing file with truncate: 0 and never delete it when that upload is cancelled', async () => {
    await emu.start();
    const bodies: unknown[] = [];
    const recording: typeof fetch = (input, init) => {
      if (String(input).endsWith('/file/modify')) bodies.push(JSON.parse(String(init?.body)));
      return fetch(input, init);
    };
    const first = make(new FolderTarget(apiKeyClient(), IDS.inbox));
    const firstDone = allDone(first);
    first.addFiles([makeFile('same.txt', 1000, 1)]);
    await firstDone;

    const replacing = make(new FolderTarget(apiKeyClient(recording), IDS.inbox, { onClash: 'replace' }));
    const file = makeFile('same.txt', 2000, 2);
    const done = allDone(replacing);
    replacing.addFiles([file]);
    const { successful } = await done;
    expect(bodies).to.have.length(1);
    expect(bodies[0]).to.include({ truncate: 0 });
    expect(await emu().sha256(successful[0]!.result!.fileId)).to.equal(await sha256Hex(file));

    await emu().control('setFaults', [{ path: '/upload/chunked/', latencyMs: 300 }]);
    const [again] = replacing.addFiles([makeFile('same.txt', 3000, 3)]);
    await until(replacing, () => replacing.getFile(again!.id)?.status === 'uploading');
    replacing.cancel(again!.id);
    await new Promise((r) => setTimeout(r, 300));
    const stored = await emu().files(IDS.inbox);
    expect(stored.map((f) => f.name)).to.deep.equal(['same.txt']);
    expect(await emu().sha256(stored[0]!.id)).to.equal(await sha256Hex(file));
  });

  it('should put files into an existing project folder (type S) instead of making a renamed one', async () => {
    const seed = testSeed();
    seed.folders!.push({
      id: '11111111-1111-4111-8111-111111111299',
      parent: IDS.inbox,
      name: 'Projects',
      type: 'S',
    });
    await emu.start({ seed });
    const up = make(new FolderTarget(apiKeyClient(), IDS.inbox));
    const done = allDone(up);
    up.addFiles([{ file: makeFile('plan.txt', 10), relativePath: 'Projects/plan.txt' }]);
    const { successful, failed } = await done;
    expect(failed, failed[0]?.error?.message).to.have.length(0);
    expect(successful[0]!.result!.parentId).to.equal('11111111-1111-4111-8111-111111111299');
    expect((await nodes(IDS.inbox)).map((n) => n.name).sort()).to.deep.equal(['Projects', 'plan.txt']);
  });
});
