import { expect } from '@open-wc/testing';
import { QuatrixClient } from '../../src/api/index.js';
import { FileRequestTarget, FolderTarget, WidgetTarget, type Connectivity } from '../../src/upload/index.js';
import { ALICE, ERIN, IDS } from '../fixtures/seed.js';
import { chunkPosts, makeFile, maxConcurrency, requestLog, sha256Hex } from '../helpers/emulator-browser.js';
import { emulatorPerTest } from '../helpers/emulator-per-test.js';
import { allDone, signInAgainAndSend, statusTrail, until, uploadersPerTest } from '../helpers/uploader.js';

const KiB = 1024;

describe('Uploader under network faults', () => {
  const emu = emulatorPerTest({ lazy: true });
  const make = uploadersPerTest();

  /** A connection the test switches off and on, as the engine sees it. */
  function switchableConnectivity(): {
    connectivity: Connectivity;
    /** `quietly`: the flag changes, the event has not arrived yet. */
    setOnline(online: boolean, quietly?: boolean): void;
  } {
    let online = true;
    const listeners = new Set<(online: boolean) => void>();
    return {
      connectivity: {
        get online() {
          return online;
        },
        subscribe(listener) {
          listeners.add(listener);
          return () => listeners.delete(listener);
        },
      },
      setOnline(value, quietly = false) {
        online = value;
        if (!quietly) listeners.forEach((l) => l(value));
      },
    };
  }
  const widget = (): WidgetTarget => new WidgetTarget(new QuatrixClient({ site: emu().url }), IDS.widgetOpen);

  /** Every finished file is on the server once, byte-identical; nothing else is there. */
  async function expectStored(files: File[], folderId: string = IDS.inbox): Promise<void> {
    const stored = await emu().files(folderId);
    expect(stored.map((f) => f.name).sort()).to.deep.equal(files.map((f) => f.name).sort());
    for (const file of files) {
      const [match] = stored.filter((s) => s.name === file.name);
      expect(await emu().sha256(match!.id), file.name).to.equal(await sha256Hex(file));
    }
  }

  it('should resume after connections dropped mid-chunk, with byte-identical files', async () => {
    await emu.start();
    // Every third chunk request is cut after 20 KiB (Chromium may re-send once by itself).
    await emu().control('setFaults', [{ path: '/upload/chunked/', dropAfterBytes: 20 * KiB, rate: 0.34 }], 3);
    const up = make(widget());
    const trail = statusTrail(up);
    const files = [makeFile('one.bin', 700 * KiB, 11), makeFile('two.bin', 500 * KiB, 12)];
    const done = allDone(up);
    up.addFiles(files);
    const result = await done;
    expect(result.failed, JSON.stringify(result.failed.map((f) => f.error?.message))).to.have.length(0);
    await expectStored(files);
    const statuses = [...trail.values()].flat();
    expect(statuses).to.include('retrying');
  });

  it('should go on when the answer to a chunk is lost after the server stored it', async () => {
    await emu.start();
    // The server stores these chunks, then the connection drops: Chromium may send the chunk again by
    // itself (an appending server refuses that copy), or the engine does.
    await emu().control(
      'setFaults',
      [{ path: '/upload/chunked/', dropResponse: true, after: 1, rate: 0.3 }],
      4,
    );
    const up = make(widget());
    const files = [makeFile('kept-1.bin', 900 * KiB, 13), makeFile('kept-2.bin', 700 * KiB, 14)];
    const done = allDone(up);
    up.addFiles(files);
    const result = await done;
    expect(result.failed, JSON.stringify(result.failed.map((f) => f.error?.message))).to.have.length(0);
    await expectStored(files);
    const lost = (await requestLog(emu())).filter(
      (r) => r.path.startsWith('/upload/chunked/') && r.status === 0,
    );
    expect(lost.length, 'answers were lost').to.be.greaterThan(0);
  });

  it('should ride out bursts of 503 and 429, honouring Retry-After', async () => {
    await emu.start();
    await emu().control('setFaults', [
      { path: '/upload/chunked/', after: 2, times: 3, status: 503 },
      { path: '/upload/chunked/', after: 6, times: 1, status: 429, retryAfter: 1 },
    ]);
    const up = make(widget());
    const file = makeFile('burst.bin', 640 * KiB, 21);
    const retryGaps: number[] = [];
    up.on('file-status', ({ file: f }) => {
      if (f.status === 'retrying' && f.retryAt) retryGaps.push(f.retryAt - Date.now());
    });
    const done = allDone(up);
    up.addFiles([file]);
    expect((await done).failed).to.have.length(0);
    await expectStored([file]);
    // Two chunks may be in flight: two 503s at once make one retry.
    expect(retryGaps.length).to.be.greaterThanOrEqual(3);
    // At the server: within the second Retry-After asked for, at most the one chunk already on its way came.
    const chunks = chunkPosts(await requestLog(emu()));
    const throttled = chunks.find((r) => r.status === 429)!;
    const within = chunks.filter(
      (r) =>
        r !== throttled && r.startedAt >= throttled.finishedAt && r.startedAt < throttled.finishedAt + 900,
    );
    expect(within.length).to.be.at.most(1);
  });

  it('should finish under added latency', async () => {
    await emu.start();
    await emu().control('setFaults', [{ latencyMs: 150 }]);
    const up = make(widget());
    const file = makeFile('slow.bin', 200 * KiB, 31);
    const done = allDone(up);
    up.addFiles([file]);
    expect((await done).failed).to.have.length(0);
    await expectStored([file]);
  });

  it('should restart a stalled upload from the confirmed offset', async () => {
    await emu.start();
    await emu().control('setFaults', [{ path: '/upload/chunked/', after: 2, times: 1, latencyMs: 5_000 }]);
    const up = make(widget(), { stallTimeoutMs: 600 });
    const trail = statusTrail(up);
    const file = makeFile('stall.bin', 400 * KiB, 41);
    const done = allDone(up);
    up.addFiles([file]);
    expect((await done).failed).to.have.length(0);
    await expectStored([file]);
    expect([...trail.values()].flat().filter((s) => s === 'retrying')).to.have.length(1);
    // One upload loop only: never more than two chunks at once, and none after the finalize.
    const log = await requestLog(emu());
    const chunks = chunkPosts(log);
    expect(maxConcurrency(chunks.filter((r) => r.status === 200))).to.be.at.most(2);
    const finalize = log.find((r) => r.path.includes('/finalize-upload/') && r.method === 'GET')!;
    await new Promise((r) => setTimeout(r, 5_500)); // the stalled request's late answer
    const after = chunkPosts(await requestLog(emu())).filter((r) => r.startedAt > finalize.startedAt);
    expect(after, 'no chunk after finalize').to.have.length(0);
  });

  it('should not retry a 4xx refusal, and name the reason', async () => {
    await emu.start();
    const up = make(widget());
    const done = allDone(up);
    // 150 Cyrillic letters: a name the engine lets through (255 characters at most) that the emulator's
    // storage refuses (more than 255 UTF-8 bytes), so the refusal comes from the server.
    up.addFiles([{ file: makeFile('bad.bin', 10, 1), relativePath: `ok/${'ж'.repeat(150)}.bin` }]);
    const { failed } = await done;
    expect(failed).to.have.length(1);
    expect(failed[0]!.error?.reason).to.equal('name');
    expect(failed[0]!.error?.code).to.equal(10);
    const requests = (await emu().control('requests')) as Array<{ path: string; method: string }>;
    expect(requests.filter((r) => r.method === 'POST' && r.path.includes('upload-link')).length).to.equal(1);
  });

  it('should pause while offline and continue by itself when back online', async () => {
    await emu.start();
    const { connectivity, setOnline } = switchableConnectivity();
    await emu().control('setFaults', [{ path: '/upload/chunked/', latencyMs: 40 }]);
    const up = make(widget(), { connectivity });
    const file = makeFile('offline.bin', 640 * KiB, 51);
    const done = allDone(up);
    const [state] = up.addFiles([file]);
    await until(up, () => (up.getFile(state!.id)?.bytesUploaded ?? 0) > 128 * KiB);
    setOnline(false);
    expect(up.getFile(state!.id)).to.include({ status: 'paused', pausedBy: 'offline' });
    const before = ((await emu().control('requests')) as unknown[]).length;
    await new Promise((r) => setTimeout(r, 300));
    expect(
      ((await emu().control('requests')) as unknown[]).length,
      'nothing sent while offline',
    ).to.be.lessThanOrEqual(before + 1);
    setOnline(true);
    expect((await done).failed).to.have.length(0);
    await expectStored([file]);
  });

  it('should wait for the connection, not fail, when a 503 comes as the browser goes offline', async () => {
    await emu.start();
    await emu().control('setFaults', [
      { path: '/upload/chunked/', after: 1, times: 1, latencyMs: 400, status: 503 },
    ]);
    const { connectivity, setOnline } = switchableConnectivity();
    const up = make(widget(), { connectivity });
    const file = makeFile('going.bin', 256 * KiB, 53);
    const done = allDone(up);
    const [state] = up.addFiles([file]);
    await until(up, () => (up.getFile(state!.id)?.bytesUploaded ?? 0) >= 64 * KiB);
    // The second chunk is on its way (answered 503 in 400 ms); the browser goes offline meanwhile.
    setOnline(false, true);
    await until(up, () => ['paused', 'failed'].includes(up.getFile(state!.id)!.status));
    expect(up.getFile(state!.id)).to.include({ status: 'paused', pausedBy: 'offline' });
    setOnline(false);
    setOnline(true);
    expect((await done).failed).to.have.length(0);
    await expectStored([file]);
  });

  it('should finish a file under its own name after an offline spell longer than the session', async () => {
    await emu.start();
    const { connectivity, setOnline } = switchableConnectivity();
    await emu().control('setFaults', [{ path: '/upload/chunked/', latencyMs: 40 }]);
    const client = new QuatrixClient({ site: emu().url });
    await client.login(ALICE.email, ALICE.password);
    const first = make(new FolderTarget(client, IDS.inbox), { connectivity });
    const file = makeFile('away.bin', 640 * KiB, 52);
    const firstDone = allDone(first);
    const [state] = first.addFiles([file]);
    await until(first, () => (first.getFile(state!.id)?.bytesUploaded ?? 0) > 128 * KiB);
    setOnline(false);
    expect(first.getFile(state!.id)).to.include({ status: 'paused', pausedBy: 'offline' });
    await emu().control('expireSessions'); // away for longer than the session lives
    setOnline(true);
    const { failed } = await firstDone;
    expect(failed.map((f) => f.error?.reason)).to.deep.equal(['unauthorized']);
    first.dispose();

    await signInAgainAndSend(make, client, ALICE, IDS.inbox, file);
    await expectStored([file]);
    const listing = await new QuatrixClient({
      site: emu().url,
      auth: { type: 'apiKey', apiKey: ALICE.apiKey },
    }).getFileMetadata(IDS.inbox);
    expect(listing.content.map((e) => e.name)).to.deep.equal(['away.bin']);
  });

  it('should keep a session alive through a long upload, and fail clearly without it', async () => {
    await emu.start({ sessionTtlMs: 1_500 });
    await emu().control('setFaults', [{ path: '/upload/chunked/', latencyMs: 250 }]);
    const client = new QuatrixClient({ site: emu().url });
    await client.login(ALICE.email, ALICE.password);
    const kept = make(new FolderTarget(client, IDS.inbox), { keepaliveIntervalMs: 400 });
    const file = makeFile('long.bin', 640 * KiB, 61);
    const done = allDone(kept);
    kept.addFiles([file]);
    const result = await done;
    expect(result.failed, result.failed[0]?.error?.message).to.have.length(0);
    await expectStored([file]);
    kept.dispose();

    await client.keepalive();
    const lapsed = make(new FolderTarget(client, IDS.returns), { keepaliveIntervalMs: 60_000 });
    const lapsedDone = allDone(lapsed);
    // 24 chunks of 250 ms: about 6 s, four times the session's life.
    lapsed.addFiles([makeFile('lapsed.bin', 1536 * KiB, 62)]);
    const { failed } = await lapsedDone;
    expect(failed).to.have.length(1);
    expect(failed[0]!.error?.reason).to.equal('unauthorized');
    expect(lapsed.getState().fatalError?.reason).to.equal('unauthorized');
  });

  it("should keep a signed-in recipient's session alive through a long return upload", async () => {
    await emu.start({ sessionTtlMs: 1_500 });
    await emu().control('setFaults', [{ path: '/upload/chunked/', latencyMs: 250 }]);
    const client = new QuatrixClient({ site: emu().url });
    await client.login(ERIN.email, ERIN.password);
    const up = make(new FileRequestTarget(client, IDS.requestSignIn), { keepaliveIntervalMs: 400 });
    const file = makeFile('return.bin', 640 * KiB, 63);
    const done = allDone(up);
    up.addFiles([file]);
    const { failed, successful } = await done;
    expect(failed, failed[0]?.error?.message).to.have.length(0);
    expect(await emu().sha256(successful[0]!.result!.fileId)).to.equal(await sha256Hex(file));
  });
});
