import { expect } from '@open-wc/testing';
import { QuatrixClient } from '../../src/api/index.js';
import { FolderTarget } from '../../src/upload/index.js';
import { ALICE, IDS } from '../fixtures/seed.js';
import { makeFile, requestLog, sha256Hex } from '../helpers/emulator-browser.js';
import { emulatorPerTest } from '../helpers/emulator-per-test.js';
import { allDone, signInAgainAndSend, uploadersPerTest } from '../helpers/uploader.js';

const KiB = 1024;

/**
 * The answer to `upload/link` lost after the server reserved the file: the browser (or the engine's
 * retry) asks again, and the server, seeing the name taken by the first reservation, renames the second.
 */
describe('Uploader when the answer to a reservation is lost', () => {
  const emu = emulatorPerTest({ lazy: true });
  const make = uploadersPerTest();
  const apiKeyClient = (): QuatrixClient =>
    new QuatrixClient({ site: emu().url, auth: { type: 'apiKey', apiKey: ALICE.apiKey } });

  /** Every entry of a folder as the API lists it, unfinished reservations included. */
  async function listing(folderId: string): Promise<Array<{ name: string; size: number }>> {
    const meta = await apiKeyClient().getFileMetadata(folderId);
    return meta.content
      .map((e) => ({ name: e.name, size: e.size }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  async function linkPosts(): Promise<number> {
    return (await requestLog(emu())).filter((r) => r.method === 'POST' && r.path.endsWith('/upload/link'))
      .length;
  }

  for (const wholeSecondCreated of [false, true]) {
    it(`should store the file once under its own name, with no renamed copy and no orphan (created in ${
      wholeSecondCreated ? 'whole seconds' : 'fractions of a second'
    })`, async () => {
      await emu.start({ wholeSecondCreated });
      await emu().control('setFaults', [
        { method: 'POST', path: '/upload/link', dropResponse: true, times: 1 },
      ]);
      const up = make(new FolderTarget(apiKeyClient(), IDS.inbox));
      const file = makeFile('report.pdf', 300 * KiB, 7);
      const done = allDone(up);
      up.addFiles([file]);
      const { successful, failed } = await done;
      expect(failed, failed[0]?.error?.message).to.have.length(0);
      expect(await linkPosts(), 'the reservation was asked for again').to.be.greaterThanOrEqual(2);
      expect(await listing(IDS.inbox)).to.deep.equal([{ name: 'report.pdf', size: file.size }]);
      expect(await emu().sha256(successful[0]!.result!.fileId)).to.equal(await sha256Hex(file));
    });
  }

  it('should replace into its own lost reservation when asked to replace on a clash', async () => {
    await emu.start();
    await emu().control('setFaults', [
      { method: 'POST', path: '/upload/link', dropResponse: true, times: 1 },
    ]);
    const up = make(new FolderTarget(apiKeyClient(), IDS.inbox, { onClash: 'replace' }));
    const file = makeFile('report.pdf', 120 * KiB, 8);
    const done = allDone(up);
    up.addFiles([file]);
    const { successful, failed } = await done;
    expect(failed, failed[0]?.error?.message).to.have.length(0);
    expect(await linkPosts()).to.be.greaterThanOrEqual(2);
    expect(await listing(IDS.inbox)).to.deep.equal([{ name: 'report.pdf', size: file.size }]);
    expect(await emu().sha256(successful[0]!.result!.fileId)).to.equal(await sha256Hex(file));
  });

  it('should find its lost reservation after the session ended and the file went to a new engine', async () => {
    await emu.start();
    await emu().control('setFaults', [
      // The reservation is made but its answer lost; the next try waits long enough for the session to end.
      { method: 'POST', path: '/upload/link', dropResponse: true, times: 1 },
      { method: 'POST', path: '/upload/link', after: 1, times: 1, latencyMs: 1_000 },
    ]);
    const client = new QuatrixClient({ site: emu().url });
    await client.login(ALICE.email, ALICE.password);
    const first = make(new FolderTarget(client, IDS.inbox));
    const file = makeFile('report.pdf', 100 * KiB, 9);
    const firstDone = allDone(first);
    first.addFiles([file]);
    while (!(await requestLog(emu())).some((r) => r.path.endsWith('/upload/link') && r.status === 0))
      await new Promise((r) => setTimeout(r, 20));
    await emu().control('expireSessions');
    const { failed } = await firstDone;
    expect(failed.map((f) => f.error?.reason)).to.deep.equal(['unauthorized']);
    first.dispose();

    const { successful } = (await signInAgainAndSend(make, client, ALICE, IDS.inbox, file)).done;
    expect(await listing(IDS.inbox)).to.deep.equal([{ name: 'report.pdf', size: file.size }]);
    expect(await emu().sha256(successful[0]!.result!.fileId)).to.equal(await sha256Hex(file));
    expect(localStorage.length).to.equal(0);
  });

  it('should keep a genuine clash renamed and leave the existing file alone', async () => {
    await emu.start();
    const first = make(new FolderTarget(apiKeyClient(), IDS.inbox));
    const existing = makeFile('report.pdf', 100 * KiB, 1);
    const firstDone = allDone(first);
    first.addFiles([existing]);
    const [kept] = (await firstDone).successful;

    await emu().control('setFaults', [
      { method: 'POST', path: '/upload/link', dropResponse: true, times: 1 },
    ]);
    const up = make(new FolderTarget(apiKeyClient(), IDS.inbox));
    const file = makeFile('report.pdf', 200 * KiB, 2);
    const done = allDone(up);
    up.addFiles([file]);
    const { successful, failed } = await done;
    expect(failed, failed[0]?.error?.message).to.have.length(0);
    expect(await listing(IDS.inbox)).to.deep.equal([
      { name: 'report (1).pdf', size: file.size },
      { name: 'report.pdf', size: existing.size },
    ]);
    expect(await emu().sha256(kept!.result!.fileId)).to.equal(await sha256Hex(existing));
    expect(await emu().sha256(successful[0]!.result!.fileId)).to.equal(await sha256Hex(file));
  });

  it("should not delete another upload's reservation of the same name", async () => {
    await emu.start();
    // Another client reserved report.pdf just before, and has not sent a byte yet; our answer is lost.
    const other = await apiKeyClient().getUploadLink({
      name: 'report.pdf',
      parentId: IDS.inbox,
      fileSize: 10,
    });
    await emu().control('setFaults', [
      { method: 'POST', path: '/upload/link', dropResponse: true, times: 1 },
    ]);
    const up = make(new FolderTarget(apiKeyClient(), IDS.inbox));
    const file = makeFile('report.pdf', 50 * KiB, 3);
    const done = allDone(up);
    up.addFiles([file]);
    const { successful, failed } = await done;
    expect(failed, failed[0]?.error?.message).to.have.length(0);
    expect(await linkPosts()).to.be.greaterThanOrEqual(3);
    expect(await listing(IDS.inbox)).to.deep.equal([
      { name: 'report (1).pdf', size: file.size },
      { name: 'report.pdf', size: 0 },
    ]);
    expect((await apiKeyClient().getFileMetadata(other.fileId)).name).to.equal('report.pdf');
    expect(successful[0]!.result!.fileId).to.not.equal(other.fileId);
  });

  it('should come back to a single copy in a folder the user uploads into many times', async () => {
    await emu.start();
    // A third of the reservations lose their answer (several in a row for some files).
    await emu().control(
      'setFaults',
      [{ method: 'POST', path: '/upload/link', dropResponse: true, rate: 0.3 }],
      5,
    );
    const up = make(new FolderTarget(apiKeyClient(), IDS.inbox), { concurrency: 3 });
    const files = Array.from({ length: 12 }, (_, i) => makeFile(`scan-${i}.pdf`, (20 + i) * KiB, 100 + i));
    const done = allDone(up);
    up.addFiles(files);
    const { failed } = await done;
    expect(failed, failed[0]?.error?.message).to.have.length(0);
    expect(await listing(IDS.inbox)).to.deep.equal(
      files.map((f) => ({ name: f.name, size: f.size })).sort((a, b) => a.name.localeCompare(b.name)),
    );
  });
});
