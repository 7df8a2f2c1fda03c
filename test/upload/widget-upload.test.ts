import { expect } from '@open-wc/testing';
import { QuatrixClient } from '../../src/api/index.js';
import { Uploader, WidgetTarget, type UploaderOptions } from '../../src/upload/index.js';
import { IDS } from '../fixtures/seed.js';
import { chunkPosts, makeFile, maxConcurrency, requestLog, sha256Hex } from '../helpers/emulator-browser.js';
import { emulatorPerTest } from '../helpers/emulator-per-test.js';
import { allDone, SENT_TRAIL, statusTrail, uploadersPerTest } from '../helpers/uploader.js';

const KiB = 1024;

describe('Uploader with the widget target', () => {
  const emu = emulatorPerTest();
  const uploader = uploadersPerTest();

  beforeEach(async () => {
    await emu.start();
    localStorage.clear();
  });

  const make = (widgetId: string, options: Partial<UploaderOptions> = {}): Uploader =>
    uploader(new WidgetTarget(new QuatrixClient({ site: emu().url }), widgetId), options);

  it('should send files into their folders, byte-identical, through the documented states', async () => {
    const up = make(IDS.widgetOpen);
    const trail = statusTrail(up);
    const files = [
      { file: makeFile('a.bin', 300 * KiB, 1), relativePath: 'Trip/Day 1/a.bin' },
      { file: makeFile('b.bin', 10 * KiB, 2), relativePath: 'Trip/b.bin' },
      { file: makeFile('c.txt', 0, 3), relativePath: 'c.txt' },
    ];
    const done = allDone(up);
    up.addFiles(files);
    const { successful, failed } = await done;
    expect(failed).to.have.length(0);
    expect(successful).to.have.length(3);
    const stored = await emu().files(IDS.inbox);
    expect(stored.map((f) => f.path.split('/').slice(2).join('/')).sort()).to.deep.equal([
      'Trip/Day 1/a.bin',
      'Trip/b.bin',
      'c.txt',
    ]);
    for (const { file } of files) {
      const state = successful.find((s) => s.file === file)!;
      expect(await emu().sha256(state.result!.fileId)).to.equal(await sha256Hex(file));
    }
    expect(trail.get(successful[0]!.id)).to.deep.equal(SENT_TRAIL);
    // Each folder was made once although two files live in "Trip".
    const requests = (await emu().control('requests')) as Array<{ path: string; method: string }>;
    expect(
      requests.filter((r) => r.method === 'POST' && r.path.includes('/widget/makedir/')).length,
    ).to.equal(2);
  });

  const chunkConcurrency = async (): Promise<number> => maxConcurrency(chunkPosts(await requestLog(emu())));

  it('should send one chunk at a time, in order, by default, and overlap two only when asked', async () => {
    const ranges = (log: Awaited<ReturnType<typeof requestLog>>): number[] =>
      chunkPosts(log).map((r) => Number(/bytes (\d+)-/.exec(r.contentRange ?? '')?.[1]));
    await emu().control('setFaults', [{ path: '/upload/chunked/', latencyMs: 100 }]);
    const file = makeFile('order.bin', 640 * KiB, 4);
    const up = make(IDS.widgetOpen);
    const done = allDone(up);
    up.addFiles([file]);
    expect((await done).successful).to.have.length(1);
    expect(await chunkConcurrency()).to.equal(1);
    const starts = ranges(await requestLog(emu()));
    expect(starts).to.deep.equal(
      [...starts].sort((a, b) => a - b),
      'chunks in order',
    );
    expect(starts).to.have.length(10);
    up.dispose();

    // A server that places chunks by Content-Range, with the opt-in overlap: never more than two at once.
    await emu.start({ chunkLimits: { order: 'by-range' } });
    await emu().control('setFaults', [{ path: '/upload/chunked/', latencyMs: 100 }]);
    const overlapping = make(IDS.widgetOpen, { overlapChunks: true });
    const overlapDone = allDone(overlapping);
    overlapping.addFiles([file]);
    expect((await overlapDone).successful).to.have.length(1);
    expect(await chunkConcurrency()).to.be.within(1, 2);
    const [stored] = await emu().files(IDS.inbox);
    expect(await emu().sha256(stored!.id)).to.equal(await sha256Hex(file));
  });

  it('should fall back to one chunk at a time when overlap meets a server that appends', async () => {
    // The emulator's default: a chunk must start where the received bytes end.
    // The first chunk is slow to be handled, so the second, overlapping it, arrives before it is written.
    await emu().control('setFaults', [{ path: '/upload/chunked/', latencyMs: 300, times: 1 }]);
    const file = makeFile('strict.bin', 640 * KiB, 6);
    const up = make(IDS.widgetOpen, { overlapChunks: true });
    const done = allDone(up);
    up.addFiles([file]);
    const { successful, failed } = await done;
    expect(failed, failed[0]?.error?.message).to.have.length(0);
    const refused = chunkPosts(await requestLog(emu())).filter((r) => r.status === 400);
    expect(refused.length, 'the appending server refused an overlapping chunk').to.be.greaterThan(0);
    const [stored] = await emu().files(IDS.inbox);
    expect(await emu().sha256(stored!.id)).to.equal(await sha256Hex(successful[0]!.file));
  });
});
