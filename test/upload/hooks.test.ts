import { expect } from '@open-wc/testing';
import { QuatrixClient } from '../../src/api/index.js';
import { FolderTarget, WidgetTarget, type UploadFileState } from '../../src/upload/index.js';
import { ALICE, IDS } from '../fixtures/seed.js';
import { makeFile, requestLog, sha256Hex } from '../helpers/emulator-browser.js';
import { emulatorPerTest } from '../helpers/emulator-per-test.js';
import { allDone, nextEvent, until, uploadersPerTest } from '../helpers/uploader.js';

const KiB = 1024;

describe('Uploader hooks and metadata', () => {
  const emu = emulatorPerTest();
  const make = uploadersPerTest();
  const widget = (): WidgetTarget => new WidgetTarget(new QuatrixClient({ site: emu().url }), IDS.widgetOpen);
  const alice = (): QuatrixClient =>
    new QuatrixClient({ site: emu().url, auth: { type: 'apiKey', apiKey: ALICE.apiKey } });
  const folder = (): FolderTarget => new FolderTarget(alice(), IDS.inbox);
  /** What the site's owner reads of a widget upload's payload. */
  const widgetMetadata = async (id: string): Promise<unknown> =>
    (await alice().getFileInfo(id)).widgetMetadata;
  const linkRequests = async (): Promise<number> =>
    (await requestLog(emu())).filter((r) => r.path.includes('upload-link') || r.path.endsWith('/upload/link'))
      .length;

  beforeEach(async () => {
    await emu.start();
    localStorage.clear();
  });

  describe('onBeforeFileAdded', () => {
    it('should leave out a file it refuses, saying why, and add the others', async () => {
      const up = make(widget(), { onBeforeFileAdded: ({ relativePath }) => !relativePath.endsWith('.exe') });
      const skipped: string[] = [];
      up.on('file-skipped', (d) => skipped.push(`${d.relativePath}:${d.reason}`));
      const done = allDone(up);
      const added = up.addFiles([makeFile('setup.exe', 10 * KiB, 1), makeFile('photo.jpg', 10 * KiB, 2)]);
      expect(added.map((f) => f.name)).to.deep.equal(['photo.jpg']);
      expect(skipped).to.deep.equal(['setup.exe:vetoed']);
      const { successful } = await done;
      expect(successful.map((f) => f.name)).to.deep.equal(['photo.jpg']);
      expect((await emu().files(IDS.inbox)).map((f) => f.name)).to.deep.equal(['photo.jpg']);
    });

    it('should send the file it gives in place of one, with its name, folder and metadata', async () => {
      const replacement = makeFile('scan-small.pdf', 12 * KiB, 7);
      const up = make(widget(), {
        onBeforeFileAdded: ({ file }) =>
          (file as File).name === 'scan.pdf'
            ? { file: replacement, relativePath: 'Scans/scan-small.pdf', meta: { order: 'A-17', pages: 3 } }
            : undefined,
      });
      const done = allDone(up);
      up.addFiles([makeFile('scan.pdf', 40 * KiB, 3)]);
      const { successful } = await done;
      expect(successful[0]!.relativePath).to.equal('Scans/scan-small.pdf');
      expect(successful[0]!.meta).to.deep.equal({ order: 'A-17', pages: 3 });
      const id = successful[0]!.result!.fileId;
      expect(await emu().sha256(id)).to.equal(await sha256Hex(replacement));
      expect(await widgetMetadata(id)).to.deep.equal({ order: 'A-17', pages: 3 });
    });

    it('should leave out a file when the hook throws, and go on with the others', async () => {
      const up = make(widget(), {
        onBeforeFileAdded: ({ relativePath }) => {
          if (relativePath === 'bad.bin') throw new Error('app bug');
        },
      });
      const done = allDone(up);
      const added = up.addFiles([makeFile('bad.bin', KiB, 1), makeFile('good.bin', KiB, 2)]);
      expect(added.map((f) => f.name)).to.deep.equal(['good.bin']);
      expect((await done).successful).to.have.length(1);
    });
  });

  describe('metadata', () => {
    it("should send a widget file's metadata beside the sender's fields, which win on a clash", async () => {
      const target = widget();
      target.payload = { name: 'Ann', email: 'ann@example.com' };
      const up = make(target);
      const done = allDone(up);
      up.addFiles([
        { file: makeFile('a.txt', KiB, 1), meta: { ticket: 42, name: 'not the sender', urgent: true } },
      ]);
      const { successful } = await done;
      expect(await widgetMetadata(successful[0]!.result!.fileId)).to.deep.equal({
        ticket: 42,
        name: 'Ann',
        email: 'ann@example.com',
        urgent: true,
      });
    });

    it('should take metadata set before the upload link, and keep it in the state of a folder upload', async () => {
      const up = make(folder(), { autoStart: false });
      const [file] = up.addFiles([makeFile('b.txt', KiB, 1)]);
      up.setMeta(file!.id, { project: 'Atlas' });
      expect(up.getFile(file!.id)!.meta).to.deep.equal({ project: 'Atlas' });
      const done = allDone(up);
      up.start();
      const { successful } = await done;
      expect(successful[0]!.meta).to.deep.equal({ project: 'Atlas' });
    });
  });

  describe('onBeforeUpload', () => {
    it('should ask once for the files added together, and send nothing before it answers', async () => {
      let release!: (ok: boolean) => void;
      const asked: string[][] = [];
      const up = make(widget(), {
        onBeforeUpload: (files) => {
          asked.push(files.map((f) => f.name));
          return new Promise<boolean>((resolve) => (release = resolve));
        },
      });
      const done = allDone(up);
      up.addFiles([makeFile('a.bin', 20 * KiB, 1), makeFile('b.bin', 20 * KiB, 2)]);
      await new Promise((r) => setTimeout(r, 300));
      expect(asked).to.deep.equal([['a.bin', 'b.bin']]);
      expect(await linkRequests()).to.equal(0);
      expect(up.getState().files.every((f) => f.status === 'queued')).to.equal(true);
      release(true);
      const { successful } = await done;
      expect(successful).to.have.length(2);
      expect(asked).to.have.length(1);
    });

    it('should keep vetoed files waiting, hold, and ask again on start()', async () => {
      let allow = false;
      const asked: number[] = [];
      const up = make(widget(), {
        onBeforeUpload: async (files) => {
          asked.push(files.length);
          return allow;
        },
      });
      const vetoed = nextEvent(up, 'upload-vetoed');
      up.addFiles([makeFile('a.bin', 10 * KiB, 1)]);
      const veto = await vetoed;
      expect(veto.files.map((f: UploadFileState) => f.name)).to.deep.equal(['a.bin']);
      expect(veto.error).to.equal(undefined);
      expect(up.getState().started).to.equal(false);
      expect(up.getState().files[0]!.status).to.equal('queued');
      // Added while held: it waits too, and both are asked about together.
      up.addFiles([makeFile('b.bin', 10 * KiB, 2)]);
      await new Promise((r) => setTimeout(r, 200));
      expect(await linkRequests()).to.equal(0);
      allow = true;
      const done = allDone(up);
      up.start();
      const { successful } = await done;
      expect(successful.map((f) => f.name).sort()).to.deep.equal(['a.bin', 'b.bin']);
      expect(asked).to.deep.equal([1, 2]);
    });

    it('should treat a hook that fails as a veto, with its error', async () => {
      const up = make(widget(), {
        onBeforeUpload: () => {
          throw new Error('validation service down');
        },
      });
      const vetoed = nextEvent(up, 'upload-vetoed');
      up.addFiles([makeFile('a.bin', KiB, 1)]);
      expect(((await vetoed).error as Error).message).to.equal('validation service down');
      expect(await linkRequests()).to.equal(0);
    });

    it('should not ask again about a file it let through when that file is paused and resumed', async () => {
      let asked = 0;
      const up = make(folder(), {
        chunkSize: 32 * KiB,
        onBeforeUpload: () => {
          asked++;
          return true;
        },
      });
      const done = allDone(up);
      const [file] = up.addFiles([makeFile('big.bin', 600 * KiB, 1)]);
      await until(up, () => (up.getFile(file!.id)?.bytesUploaded ?? 0) > 0);
      up.pause(file!.id);
      up.resume(file!.id);
      const { successful } = await done;
      expect(successful).to.have.length(1);
      expect(asked).to.equal(1);
    });

    it("should await any promise-like answer (another library's), not take it for a yes", async () => {
      let answer!: (ok: boolean) => void;
      const thenable = {
        then(resolve: (v: boolean) => void): void {
          answer = resolve;
        },
      };
      const up = make(widget(), { onBeforeUpload: () => thenable as unknown as Promise<boolean> });
      const done = allDone(up);
      up.addFiles([makeFile('a.bin', 4 * KiB, 1)]);
      await new Promise((r) => setTimeout(r, 200));
      expect(await linkRequests()).to.equal(0);
      answer(true);
      expect((await done).successful).to.have.length(1);
    });

    it('should make the empty folders of a drop only once the hook said yes, and none after a veto', async () => {
      const makedirs = async (): Promise<number> =>
        (await requestLog(emu())).filter((r) => r.method === 'POST' && r.path.includes('/file/makedir'))
          .length;
      let answer!: (ok: boolean) => void;
      const up = make(folder(), {
        onBeforeUpload: () => new Promise<boolean>((resolve) => (answer = resolve)),
      });
      up.addFiles([{ file: makeFile('a.bin', 4 * KiB, 1), relativePath: 'Trip/a.bin' }]);
      up.addFolders(['Trip/Empty']);
      await new Promise((r) => setTimeout(r, 200));
      expect(await makedirs()).to.equal(0);
      answer(false);
      await nextEvent(up, 'upload-vetoed');
      await new Promise((r) => setTimeout(r, 200));
      expect(await makedirs()).to.equal(0);
      // Sent after all: the folder of the file and the empty one are made.
      const done = allDone(up);
      up.start();
      await new Promise((r) => setTimeout(r, 100));
      answer(true);
      await done;
      for (let i = 0; i < 50 && (await makedirs()) < 2; i++) await new Promise((r) => setTimeout(r, 30));
      expect(await makedirs()).to.equal(2);
    });
  });
});
