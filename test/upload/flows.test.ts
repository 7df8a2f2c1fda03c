import { expect } from '@open-wc/testing';
import { QuatrixClient } from '../../src/api/index.js';
import {
  FileRequestTarget,
  FolderTarget,
  TusTarget,
  WidgetTarget,
  type UploadStatus,
} from '../../src/upload/index.js';
import { ALICE, IDS } from '../fixtures/seed.js';
import { chunkPosts, makeFile, maxConcurrency, requestLog, sha256Hex } from '../helpers/emulator-browser.js';
import { setOnline } from '../helpers/connectivity.js';
import { emulatorPerTest } from '../helpers/emulator-per-test.js';
import { allDone, nextEvent, statusTrail, until, uploadersPerTest } from '../helpers/uploader.js';

const KiB = 1024;

describe('Uploader flows', () => {
  const emu = emulatorPerTest();
  const make = uploadersPerTest();
  const client = (): QuatrixClient => new QuatrixClient({ site: emu().url });
  const apiKeyClient = (): QuatrixClient =>
    new QuatrixClient({ site: emu().url, auth: { type: 'apiKey', apiKey: ALICE.apiKey } });
  const hashes = async (files: Array<{ id: string }>): Promise<string[]> =>
    Promise.all(files.map((f) => emu().sha256(f.id)));

  describe('CAPTCHA', () => {
    it('should hold every file before sending until the CAPTCHA is solved, then continue by itself', async () => {
      const up = make(new WidgetTarget(client(), IDS.widgetCaptcha));
      const required = nextEvent(up, 'captcha-required');
      const done = allDone(up);
      const files = [makeFile('a.bin', 100 * KiB, 1), makeFile('b.bin', 100 * KiB, 2)];
      up.addFiles(files);
      expect((await required).filesWaiting).to.equal(2);
      await until(up, () => up.getState().files.every((f) => f.status === 'blocked'));
      expect(up.getState().captchaRequired).to.equal(true);
      expect(await up.solveCaptcha('wrong')).to.equal(false);
      expect(up.getState().files.every((f) => f.status === 'blocked')).to.equal(true);
      expect(await up.solveCaptcha('pass-1')).to.equal(true);
      const { successful } = await done;
      expect(successful).to.have.length(2);
    });

    it('should wait for a CAPTCHA demanded half-way and lose no file', async () => {
      const up = make(new WidgetTarget(client(), IDS.widgetCaptcha), {
        concurrency: 1,
        smallFileConcurrency: 1,
      });
      await up.target.unblockCaptcha!('pass', {});
      const files = [1, 2, 3, 4].map((n) => makeFile(`f${n}.bin`, 50 * KiB, n));
      const trail = statusTrail(up);
      let demanded = false;
      up.on('file-done', () => {
        if (!demanded) {
          demanded = true;
          void emu().control('demandCaptcha', IDS.widgetCaptcha);
        }
      });
      up.on('captcha-required', () => void up.solveCaptcha('pass-again'));
      const done = allDone(up);
      up.addFiles(files);
      const { successful, failed } = await done;
      expect(failed).to.have.length(0);
      expect(successful).to.have.length(4);
      expect([...trail.values()].some((t) => t.includes('blocked'))).to.equal(true);
      const stored = await emu().files(IDS.inbox);
      expect(stored).to.have.length(4);
      expect((await hashes(stored)).sort()).to.deep.equal((await Promise.all(files.map(sha256Hex))).sort());
    });
    it('should ask for the CAPTCHA when only empty folders wait, and make them once it is solved', async () => {
      const up = make(new WidgetTarget(client(), IDS.widgetCaptcha));
      const required = nextEvent(up, 'captcha-required');
      const made = async (): Promise<string[]> =>
        (await requestLog(emu()))
          .filter((r) => r.method === 'POST' && r.path.includes('/widget/makedir/') && r.status === 201)
          .map((r) => r.path);
      up.addFolders(['Trip/Day 3', 'Empty']);
      // A drop of empty folders alone is not a dead end: the visitor is asked, as for files.
      expect((await required).filesWaiting).to.equal(0);
      expect(up.getState().captchaRequired).to.equal(true);
      expect(await made()).to.deep.equal([]);
      expect(await up.solveCaptcha('pass-1')).to.equal(true);
      const deadline = Date.now() + 10_000;
      while ((await made()).length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      await new Promise((r) => setTimeout(r, 500)); // one made twice would show
      expect(await made(), 'Trip, Trip/Day 3 and Empty, each once').to.have.length(3);
    });
  });

  describe('empty folders', () => {
    /** The widget's makedir calls, as the emulator logged them: `[status, …]`. */
    const makedirs = async (): Promise<number[]> =>
      (await requestLog(emu()))
        .filter((r) => r.method === 'POST' && r.path.includes('/widget/makedir/'))
        .map((r) => r.status);
    const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
    /** Waits for `count` folders made, and a while longer: one made twice would show. */
    const settled = async (count: number): Promise<void> => {
      const deadline = Date.now() + 15_000;
      while ((await makedirs()).filter((s) => s === 201).length < count && Date.now() < deadline)
        await sleep(50);
      await sleep(500);
    };
    /** Until the browser asked for its first makedir (its preflight is logged before the POST is sent). */
    const makedirOnItsWay = async (): Promise<void> => {
      const deadline = Date.now() + 10_000;
      const asked = async (): Promise<boolean> =>
        (await requestLog(emu())).some((r) => r.method === 'OPTIONS' && r.path.includes('/widget/makedir/'));
      while (!(await asked())) {
        if (Date.now() > deadline) throw new Error('no makedir on its way after 10 s');
        await sleep(20);
      }
    };

    it('should tell of an empty folder it could not make, and make the others', async () => {
      const up = make(new WidgetTarget(client(), IDS.widgetOpen), { maxRetries: 1, retryBaseMs: 10 });
      // Both tries of the first folder fail; the second folder is made.
      await emu().control('setFaults', [{ method: 'POST', path: '/widget/makedir/', status: 500, times: 2 }]);
      const failed: string[] = [];
      up.on('folder-failed', ({ path, error }) => failed.push(`${path}: ${error.reason}`));
      up.addFolders(['Broken', 'Fine']);
      await settled(1);
      expect(failed).to.deep.equal(['Broken: server']);
      expect(await makedirs()).to.deep.equal([500, 500, 201]);
    });

    it('should end the target on a fatal answer, not try every folder', async () => {
      const up = make(new WidgetTarget(client(), IDS.widgetOpen));
      await emu().control('setFaults', [{ method: 'POST', path: '/widget/makedir/', status: 401 }]);
      const failed: string[] = [];
      up.on('folder-failed', ({ path }) => failed.push(path));
      const fatal = nextEvent(up, 'fatal');
      up.addFolders(['A', 'B', 'C']);
      expect((await fatal).error.reason).to.equal('unauthorized');
      await sleep(500);
      expect(await makedirs()).to.deep.equal([401]);
      expect(failed).to.deep.equal([]);
    });

    it('should keep the folders for the connection when offline, and make them once it is back', async () => {
      const up = make(new WidgetTarget(client(), IDS.widgetOpen));
      await up.checkTarget();
      const failed: string[] = [];
      up.on('folder-failed', ({ path }) => failed.push(path));
      // The first makedir is lost as the connection goes.
      await emu().control('setFaults', [{ method: 'POST', path: '/widget/makedir/', status: 503, times: 1 }]);
      setOnline(false);
      try {
        up.addFolders(['A', 'B']);
        await sleep(800);
        expect(await makedirs(), 'one try, then they wait').to.deep.equal([503]);
      } finally {
        setOnline(true);
      }
      await settled(2);
      expect(await makedirs()).to.deep.equal([503, 201, 201]);
      expect(failed).to.deep.equal([]);
    });

    it("should say all is done when a folder's fatal answer ends the files that waited", async () => {
      const up = make(new WidgetTarget(client(), IDS.widgetOpen));
      const done = allDone(up);
      up.addFiles([makeFile('waits.bin', 10 * KiB, 7)]);
      up.pause();
      await emu().control('setFaults', [{ method: 'POST', path: '/widget/makedir/', status: 401 }]);
      up.addFolders(['A']);
      const { successful, failed } = await done;
      expect(successful).to.have.length(0);
      expect(failed.map((f) => f.error?.reason)).to.deep.equal(['unauthorized']);
    });

    it('should make no folder more once a file ended the target', async () => {
      const up = make(new WidgetTarget(client(), IDS.widgetOpen));
      await emu().control('setFaults', [
        { method: 'POST', path: '/widget/makedir/', latencyMs: 1500, times: 1 },
        { method: 'POST', path: '/widget/upload-link/', status: 401 },
      ]);
      up.addFolders(['A', 'B']);
      await makedirOnItsWay();
      const fatal = nextEvent(up, 'fatal');
      up.addFiles([makeFile('ends-it.bin', 10 * KiB, 8)]);
      expect((await fatal).error.reason).to.equal('unauthorized');
      await sleep(2000);
      expect(await makedirs(), 'A was on its way; B is left').to.deep.equal([201]);
    });

    it('should leave the folders not made yet on Cancel all', async () => {
      const up = make(new WidgetTarget(client(), IDS.widgetOpen));
      await emu().control('setFaults', [
        { method: 'POST', path: '/widget/makedir/', latencyMs: 1500, times: 1 },
      ]);
      up.addFolders(['A', 'B', 'C']);
      await makedirOnItsWay();
      up.cancel();
      await sleep(2500);
      expect(await makedirs(), 'A was on its way; B and C are left').to.deep.equal([201]);
    });

    it('should wait for a CAPTCHA demanded while its folders are made, then make them all', async () => {
      const up = make(new WidgetTarget(client(), IDS.widgetCaptcha));
      await up.target.unblockCaptcha!('pass', {});
      // The first makedir is slow: the CAPTCHA is demanded while it is on its way (the session ended).
      await emu().control('setFaults', [
        { method: 'POST', path: '/widget/makedir/', latencyMs: 3000, times: 1 },
      ]);
      const required = nextEvent(up, 'captcha-required');
      up.addFolders(['A', 'B']);
      await makedirOnItsWay();
      await emu().control('demandCaptcha', IDS.widgetCaptcha);
      await required;
      const refused = await makedirs();
      expect(refused, 'refused with code 78, not made').to.have.length(1);
      expect(refused[0]).to.be.at.least(400);
      expect(await up.solveCaptcha('pass-again')).to.equal(true);
      await settled(2);
      expect((await makedirs()).slice(1), 'A and B, each once').to.deep.equal([201, 201]);
    });
  });

  describe('file allowance', () => {
    it('should refuse files beyond the allowance before sending, and send the rest', async () => {
      const up = make(new WidgetTarget(client(), IDS.widgetOpen));
      const rejected: string[] = [];
      up.on('file-rejected', ({ file, error }) => rejected.push(`${file.name}:${error.reason}`));
      const limit = nextEvent(up, 'limit-reached');
      const done = allDone(up);
      up.addFiles([1, 2, 3, 4, 5].map((n) => makeFile(`n${n}.bin`, 10 * KiB, n)));
      expect((await limit).filesRemaining).to.equal(3);
      const { successful, failed } = await done;
      expect(successful.map((f) => f.name)).to.deep.equal(['n1.bin', 'n2.bin', 'n3.bin']);
      expect(failed.map((f) => f.error?.reason)).to.deep.equal(['file-limit', 'file-limit']);
      expect(rejected).to.deep.equal(['n4.bin:file-limit', 'n5.bin:file-limit']);
      expect(await emu().files(IDS.inbox)).to.have.length(3);
    });

    it('should stop at a limit reached half-way (79) and mark the rest with the reason', async () => {
      const c = client();
      const up = make(new WidgetTarget(c, IDS.widgetOpen));
      const first = allDone(up);
      up.addFiles([makeFile('h1.bin', 10 * KiB, 1)]);
      expect((await first).successful).to.have.length(1);
      // Meanwhile another tab of the same visitor spends the rest of the allowance.
      const other = new QuatrixClient({ site: emu().url, visitorToken: c.visitorToken });
      await other.getWidgetUploadLink(IDS.widgetOpen, { name: 'x', fileSize: 1 });
      await other.getWidgetUploadLink(IDS.widgetOpen, { name: 'y', fileSize: 1 });
      const rest = allDone(up);
      up.addFiles([makeFile('h2.bin', 10 * KiB, 2), makeFile('h3.bin', 10 * KiB, 3)]);
      const { failed } = await rest;
      expect(failed.map((f) => [f.name, f.error?.reason])).to.deep.equal([
        ['h2.bin', 'file-limit'],
        ['h3.bin', 'file-limit'],
      ]);
      expect(failed.some((f) => f.error?.code === 79)).to.equal(true);
      expect(up.getState().filesRemaining).to.equal(0);
      expect(await emu().files(IDS.inbox)).to.have.length(1);
    });
  });

  describe('resume', () => {
    it('should continue an upload of an earlier visit without re-sending confirmed bytes', async () => {
      const file = makeFile('big.bin', 1024 * KiB, 7);
      const first = make(new WidgetTarget(client(), IDS.widgetOpen));
      const [state] = first.addFiles([file]);
      await until(first, () => (first.getFile(state!.id)?.bytesUploaded ?? 0) >= 512 * KiB);
      first.dispose(); // the page goes away

      const target = new WidgetTarget(client(), IDS.widgetOpen);
      const second = make(target);
      const [unfinished] = second.listUnfinished();
      expect(unfinished).to.include({ name: 'big.bin', size: file.size });
      expect(unfinished!.percent).to.be.within(40, 100);
      const confirmedBefore = Math.floor((unfinished!.percent / 100) * file.size);
      const requestsBefore = ((await emu().control('requests')) as unknown[]).length;
      const done = allDone(second);
      const [again] = second.addFiles([file]);
      expect(again!.resumed).to.equal(true);
      expect(second.listUnfinished()).to.have.length(0);
      const { successful } = await done;
      expect(successful).to.have.length(1);
      const stored = await emu().files(IDS.inbox);
      expect(stored).to.have.length(1);
      expect(await emu().sha256(stored[0]!.id)).to.equal(await sha256Hex(file));
      const later = (
        (await emu().control('requests')) as Array<{ method: string; contentRange?: string }>
      ).slice(requestsBefore);
      const starts = later
        .filter((r) => r.method === 'POST' && r.contentRange)
        .map((r) => Number(/bytes (\d+)-/.exec(r.contentRange!)![1]));
      expect(
        Math.min(...starts),
        'nothing below the confirmed offset was sent again',
      ).to.be.greaterThanOrEqual(confirmedBefore - 64 * KiB);
    });

    it('should start afresh when the server no longer knows the earlier upload', async () => {
      const file = makeFile('stale.bin', 640 * KiB, 8);
      localStorage.setItem(
        `quatrix-upload:resume:widget:${emu().url}:${IDS.widgetOpen}|stale.bin|${file.size}|${file.lastModified}`,
        JSON.stringify({
          targetKey: `widget:${emu().url}:${IDS.widgetOpen}`,
          uploadKey: '00000000-0000-4000-8000-0000000000aa',
          name: 'stale.bin',
          relativePath: 'stale.bin',
          size: file.size,
          lastModified: file.lastModified,
          confirmed: 50 * KiB,
          startedAt: Date.now(),
        }),
      );
      const up = make(new WidgetTarget(client(), IDS.widgetOpen));
      const done = allDone(up);
      const [state] = up.addFiles([file]);
      expect(state!.resumed).to.equal(true);
      expect((await done).successful).to.have.length(1);
      const stored = await emu().files(IDS.inbox);
      expect(stored).to.have.length(1);
      expect(await emu().sha256(stored[0]!.id)).to.equal(await sha256Hex(file));
    });

    it('should work without storage (private mode): no resume, no error', async () => {
      const broken = {
        get: () => {
          throw new DOMException('denied', 'SecurityError');
        },
      };
      const { LocalResumeStorage } = await import('../../src/upload/index.js');
      const up = make(new WidgetTarget(client(), IDS.widgetOpen), {
        resume: new LocalResumeStorage(() => broken.get()),
      });
      const done = allDone(up);
      up.addFiles([makeFile('private.bin', 100 * KiB, 9)]);
      expect((await done).successful).to.have.length(1);
      expect(up.listUnfinished()).to.deep.equal([]);
    });
  });

  describe('concurrency by file size', () => {
    it('should send twelve small files at a time, and give a larger file the room of four, in order', async () => {
      // Each chunk waits a while on the server, so that the files in flight overlap and can be counted.
      await emu().control('setFaults', [{ path: '/upload/chunked/', latencyMs: 150 }]);
      const up = make(new FolderTarget(apiKeyClient(), IDS.inbox));
      const small = Array.from({ length: 18 }, (_, i) => makeFile(`s${i}.bin`, 20 * KiB, 100 + i));
      // 2 MiB and one byte: larger than small. It comes after the first 14 small files.
      const large = makeFile('large.bin', 2 * 1024 * KiB + 1, 99);
      // The files the engine has on their way at once (the browser may hold some of their requests:
      // Chromium opens six connections per origin for requests without credentials).
      const going = new Set<string>();
      let most = 0;
      let largeStartedWith = -1;
      up.on('file-status', ({ file }) => {
        if (['preparing', 'uploading', 'retrying', 'finalizing'].includes(file.status)) going.add(file.id);
        else going.delete(file.id);
        if (file.name === 'large.bin' && file.status === 'preparing') largeStartedWith = going.size;
        most = Math.max(most, going.size);
      });
      const done = allDone(up);
      up.addFiles([...small.slice(0, 14), large, ...small.slice(14)]);
      const { successful } = await done;
      expect(successful).to.have.length(19);
      // Twelve small ones at once, then the 13th and 14th as room frees; the large one needs the room of
      // four, so it starts with eight small ones beside it, and the small ones after it wait for it.
      expect(most, 'files on their way at once').to.equal(12);
      expect(largeStartedWith, 'files on their way as the large one starts').to.equal(9);
      const byName = new Map([...small, large].map((f) => [f.name, f]));
      for (const f of successful)
        expect(await emu().sha256(f.result!.fileId), f.name).to.equal(await sha256Hex(byName.get(f.name)!));
    });

    it('should send one file at a time with concurrency and smallFileConcurrency of 1', async () => {
      await emu().control('setFaults', [{ path: '/upload/chunked/', latencyMs: 60 }]);
      const up = make(new FolderTarget(apiKeyClient(), IDS.inbox), {
        concurrency: 1,
        smallFileConcurrency: 1,
      });
      const done = allDone(up);
      up.addFiles([1, 2, 3, 4].map((n) => makeFile(`one-${n}.bin`, 10 * KiB, n)));
      expect((await done).successful).to.have.length(4);
      expect(maxConcurrency(chunkPosts(await requestLog(emu())))).to.equal(1);
    });
  });

  describe('control', () => {
    it('should pause, resume and cancel single files', async () => {
      await emu().control('setFaults', [{ path: '/upload/chunked/', latencyMs: 30 }]);
      const up = make(new WidgetTarget(client(), IDS.widgetOpen));
      const [keep, drop] = up.addFiles([
        makeFile('keep.bin', 640 * KiB, 1),
        makeFile('drop.bin', 640 * KiB, 2),
      ]);
      await until(up, () => (up.getFile(keep!.id)?.bytesUploaded ?? 0) > 64 * KiB);
      up.pause(keep!.id);
      up.cancel(drop!.id);
      const pausedAt = Date.now();
      expect(up.getFile(keep!.id)?.status).to.equal('paused');
      expect(up.getFile(drop!.id)?.status).to.equal('cancelled');
      const at = up.getFile(keep!.id)!.bytesUploaded;
      await new Promise((r) => setTimeout(r, 300));
      expect(up.getFile(keep!.id)!.bytesUploaded).to.equal(at);
      const whilePaused = chunkPosts(await requestLog(emu())).filter(
        (r) => r.startedAt > pausedAt + 20 || (r.finishedAt > pausedAt + 20 && r.status === 200),
      );
      expect(whilePaused, 'no chunk sent or confirmed while paused').to.have.length(0);
      const done = allDone(up);
      up.resume(keep!.id);
      const { successful } = await done;
      expect(successful.map((f) => f.name)).to.deep.equal(['keep.bin']);
      expect((await emu().files(IDS.inbox)).map((f) => f.name)).to.deep.equal(['keep.bin']);
    });

    it('should start only on start() when autoStart is off, and report totals', async () => {
      const up = make(new WidgetTarget(client(), IDS.widgetOpen), { autoStart: false });
      const states: number[] = [];
      up.subscribe((s) => states.push(s.totals.percent));
      up.addFiles([makeFile('x.bin', 200 * KiB, 1), makeFile('y.bin', 100 * KiB, 2)]);
      await new Promise((r) => setTimeout(r, 200));
      expect(up.getState().totals.counts.queued).to.equal(2);
      const done = allDone(up);
      up.start();
      await done;
      await new Promise((r) => requestAnimationFrame(r)); // subscribers hear the last change on the next frame
      const totals = up.getState().totals;
      expect(totals).to.include({ bytesUploaded: 300 * KiB, bytesTotal: 300 * KiB, percent: 100 });
      expect(states.at(-1)).to.equal(100);
    });

    it('should never show progress going back after a pause mid-chunk', async () => {
      await emu().control('setFaults', [{ path: '/upload/chunked/', latencyMs: 250 }]);
      const up = make(new FolderTarget(apiKeyClient(), IDS.inbox), { chunkSize: 128 * KiB });
      const shown: number[] = [];
      up.subscribe((s) => {
        const f = s.files[0];
        if (f) shown.push(f.bytesUploaded);
      });
      const done = allDone(up);
      const [file] = up.addFiles([makeFile('steady.bin', 640 * KiB, 7)]);
      // Paused while a chunk is on its way (sent, not yet confirmed), then resumed.
      await until(up, () => up.getFile(file!.id)!.bytesUploaded > 200 * KiB);
      up.pause(file!.id);
      await new Promise((r) => setTimeout(r, 300));
      up.resume(file!.id);
      expect((await done).successful).to.have.length(1);
      const backwards = shown.findIndex((v, i) => i > 0 && v < shown[i - 1]!);
      expect(backwards, `went back at ${backwards}: ${shown.join(' ')}`).to.equal(-1);
    });

    it('should let files be removed before sending, and hold the next ones for review again', async () => {
      const up = make(new FolderTarget(apiKeyClient(), IDS.inbox), { autoStart: false });
      const [keep, drop] = up.addFiles([
        makeFile('keep.bin', 50 * KiB, 3),
        makeFile('drop.bin', 50 * KiB, 4),
      ]);
      expect(up.getState().started).to.equal(false);
      up.remove(drop!.id);
      expect(up.getState().files.map((f) => f.name)).to.deep.equal(['keep.bin']);
      const first = allDone(up);
      up.start();
      expect((await first).successful.map((f) => f.id)).to.deep.equal([keep!.id]);
      // Held again: the next file waits for start().
      up.hold();
      expect(up.getState().started).to.equal(false);
      const [later] = up.addFiles([makeFile('later.bin', 50 * KiB, 5)]);
      await new Promise((r) => setTimeout(r, 200));
      expect(up.getFile(later!.id)!.status).to.equal('queued');
      const second = allDone(up);
      up.start();
      await second;
      expect((await emu().files(IDS.inbox)).map((f) => f.name).sort()).to.deep.equal([
        'keep.bin',
        'later.bin',
      ]);
    });

    it('should remove a file under way and leave nothing of it on the server', async () => {
      await emu().control('setFaults', [{ path: '/upload/chunked/', latencyMs: 300 }]);
      const up = make(new FolderTarget(apiKeyClient(), IDS.inbox), { chunkSize: 64 * KiB });
      const [file] = up.addFiles([makeFile('half.bin', 512 * KiB, 6)]);
      await until(up, () => up.getFile(file!.id)!.status === 'uploading');
      up.remove(file!.id);
      expect(up.getState().files).to.have.length(0);
      await new Promise((r) => setTimeout(r, 800));
      expect((await emu().files(IDS.inbox)).map((f) => f.name)).to.deep.equal([]);
    });

    it('should coalesce progress to at most one update per animation frame', async () => {
      const up = make(new WidgetTarget(client(), IDS.widgetOpen), { chunkSize: 16 * KiB });
      let updates = 0;
      let frames = 0;
      let counting = true;
      const frame = (): void => {
        frames++;
        if (counting) requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
      up.subscribe(() => updates++);
      const done = allDone(up);
      up.addFiles([makeFile('p.bin', 1024 * KiB, 3)]);
      await done;
      await new Promise((r) => requestAnimationFrame(r));
      counting = false;
      expect(updates).to.be.greaterThan(0);
      expect(updates).to.be.at.most(frames + 1);
    });
  });

  describe('fatal target errors', () => {
    it('should fail every file of an unknown widget with widget-not-found', async () => {
      const up = make(new WidgetTarget(client(), IDS.unknown));
      const fatal = nextEvent(up, 'fatal');
      const done = allDone(up);
      up.addFiles([makeFile('a', 10, 1), makeFile('b', 10, 2)]);
      expect((await fatal).error.reason).to.equal('widget-not-found');
      const { failed } = await done;
      expect(failed.map((f) => f.error?.reason)).to.deep.equal(['widget-not-found', 'widget-not-found']);
      expect(failed.every((f) => f.error?.fatal)).to.equal(true);
      const again = allDone(up);
      up.addFiles([makeFile('c', 10, 3)]);
      expect(up.getState().files.at(-1)!.status).to.equal('failed');
      expect((await again).failed).to.have.length(3);
    });
  });

  describe('folder target', () => {
    it('should keep mtime, rename on a clash by default, and replace when asked', async () => {
      const a = makeFile('report.txt', 1000, 1);
      const first = make(new FolderTarget(apiKeyClient(), IDS.inbox));
      const firstDone = allDone(first);
      first.addFiles([a]);
      const [done1] = (await firstDone).successful;
      const renamed = make(new FolderTarget(apiKeyClient(), IDS.inbox));
      const renamedDone = allDone(renamed);
      renamed.addFiles([makeFile('report.txt', 500, 2)]);
      const [done2] = (await renamedDone).successful;
      // The new name is told, never silent; the first file kept its own.
      expect(done2!.result!.storedName).to.equal('report (1).txt');
      expect(done1!.result!.storedName).to.equal(undefined);
      expect((await emu().files(IDS.inbox)).map((f) => f.name).sort()).to.deep.equal([
        'report (1).txt',
        'report.txt',
      ]);

      const b = makeFile('report.txt', 700, 3);
      const replacing = make(new FolderTarget(apiKeyClient(), IDS.inbox, { onClash: 'replace' }));
      const replaceDone = allDone(replacing);
      replacing.addFiles([b]);
      const [done3] = (await replaceDone).successful;
      expect(done3!.result!.fileId).to.equal(done1!.result!.fileId);
      expect(await emu().sha256(done1!.result!.fileId)).to.equal(await sha256Hex(b));
      expect((await emu().files(IDS.inbox)).map((f) => f.name).sort()).to.deep.equal([
        'report (1).txt',
        'report.txt',
      ]);
      const meta = await apiKeyClient().getFileMetadata(done1!.result!.fileId);
      expect(meta.modified).to.equal(b.lastModified / 1000);
    });

    it('should refuse files that cannot fit the quota before sending', async () => {
      const up = make(new FolderTarget(apiKeyClient(), IDS.inbox), { chunkSize: 8 * 1024 * KiB });
      const done = allDone(up);
      up.addFiles([
        makeFile('fits.bin', 1024 * KiB, 1),
        new File([new Uint8Array(60 * 1024 * KiB)], 'huge.bin'),
      ]);
      const { successful, failed } = await done;
      expect(successful.map((f) => f.name)).to.deep.equal(['fits.bin']);
      expect(failed.map((f) => [f.name, f.error?.reason])).to.deep.equal([['huge.bin', 'restricted']]);
      const requests = (await emu().control('requests')) as Array<{ path: string; method: string }>;
      expect(requests.filter((r) => r.method === 'POST' && r.path.endsWith('/upload/link')).length).to.equal(
        1,
      );
    });
  });

  describe('file request target', () => {
    it('should wait for the PIN, upload, and send the files with a message', async () => {
      const target = new FileRequestTarget(client(), IDS.requestPin);
      const up = make(target);
      const pin = nextEvent(up, 'pin-required');
      const done = allDone(up);
      const files = [makeFile('signed.pdf', 100 * KiB, 1)];
      up.addFiles(files);
      await pin;
      expect(up.getState().pinRequired).to.equal(true);
      let wrong: unknown;
      await up.submitPin('0000').catch((e: unknown) => (wrong = e));
      expect((wrong as { code?: number }).code).to.equal(84);
      await up.submitPin('1234');
      const { successful } = await done;
      expect(successful).to.have.length(1);
      await target.send(
        successful.map((f) => f.result!.fileId),
        'Signed, thanks',
      );
      expect(target.metadata?.subject).to.equal('Secret');
    });

    it('should keep to files_per_share', async () => {
      const up = make(new FileRequestTarget(client(), IDS.request));
      const done = allDone(up);
      up.addFiles([1, 2, 3].map((n) => makeFile(`r${n}.bin`, 10 * KiB, n)));
      const { successful, failed } = await done;
      expect(successful).to.have.length(2);
      expect(failed.map((f) => f.error?.reason)).to.deep.equal(['file-limit']);
    });
  });

  describe('tus transport', () => {
    it('should resume a tus upload of an earlier visit from the server offset', async () => {
      const file = makeFile('tus-resume.bin', 1024 * KiB, 6);
      const first = make(new TusTarget(client(), `${emu().url}/tus/`));
      const [state] = first.addFiles([file]);
      await until(first, () => (first.getFile(state!.id)?.bytesUploaded ?? 0) >= 256 * KiB);
      first.dispose();
      await new Promise((r) => setTimeout(r, 100));
      const creations = (await requestLog(emu())).filter(
        (r) => r.method === 'POST' && r.path === '/tus/',
      ).length;

      const second = make(new TusTarget(client(), `${emu().url}/tus/`));
      const done = allDone(second);
      second.addFiles([file]);
      const [ok] = (await done).successful;
      expect(await emu().control('tusSha256', ok!.result!.fileId)).to.equal(await sha256Hex(file));
      const log = await requestLog(emu());
      expect(
        log.filter((r) => r.method === 'POST' && r.path === '/tus/').length,
        'no second creation',
      ).to.equal(creations);
      expect(log.some((r) => r.method === 'HEAD' && r.path.startsWith('/tus/'))).to.equal(true);
    });

    it('should upload through a tus endpoint byte-identical, through the same states', async () => {
      const up = make(new TusTarget(client(), `${emu().url}/tus/`));
      const trail = statusTrail(up);
      const file = makeFile('via-tus.bin', 300 * KiB, 5);
      const done = allDone(up);
      up.addFiles([file]);
      const [ok] = (await done).successful;
      expect(await emu().control('tusSha256', ok!.result!.fileId)).to.equal(await sha256Hex(file));
      expect(trail.get(ok!.id)).to.deep.equal([
        'queued',
        'preparing',
        'uploading',
        'done',
      ] satisfies UploadStatus[]);
    });
  });
});
