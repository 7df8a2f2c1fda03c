import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../src/define.js';
import type { QuatrixUploader, UploadFileState } from '../../src/index.js';
import { acceptedType } from '../../src/upload/index.js';
import { ALICE, IDS } from '../fixtures/seed.js';
import { chunkPosts, makeFile, maxConcurrency, requestLog } from '../helpers/emulator-browser.js';
import { shown } from '../helpers/elements.js';
import { emulatorPerTest } from '../helpers/emulator-per-test.js';

const KiB = 1024;

/** Gives the uploader its API key and waits until it shows the quota: ready to take files. */
async function signedIn(el: QuatrixUploader): Promise<void> {
  el.apiKey = ALICE.apiKey;
  await shown(el, '[part=quota]');
}

/** The reason shown under a file's row, by its name. */
function reasonOf(el: HTMLElement, name: string): string {
  const row = [...el.shadowRoot!.querySelectorAll('[part~=file]')].find(
    (r) => r.querySelector('[part=file-name]')?.textContent === name,
  );
  return row?.querySelector('[part=file-error]')?.textContent?.trim() ?? '(no reason)';
}

describe('restrictions: what an app accepts', () => {
  const emu = emulatorPerTest();

  it('should match types as a file input does: extensions, groups and MIME types', () => {
    const pdf = new File(['x'], 'Report.PDF', { type: 'application/pdf' });
    const photo = new File(['x'], 'IMG_1.heic', { type: 'image/heic' });
    const exe = new File(['x'], 'setup.exe', { type: 'application/x-msdownload' });
    expect(acceptedType(pdf, pdf.name, ['.pdf'])).to.equal(true);
    expect(acceptedType(photo, photo.name, [' image/* ', '.pdf'])).to.equal(true);
    expect(acceptedType(exe, exe.name, ['image/*', '.pdf', 'application/pdf'])).to.equal(false);
    expect(acceptedType(exe, exe.name, [])).to.equal(true);
  });

  it('should refuse what the attributes exclude, with the reason, send nothing of it, and skip a file added twice', async () => {
    const el = await fixture<QuatrixUploader>(
      html`<quatrix-uploader
        site=${emu().url}
        folder-id=${IDS.inbox}
        accept=".pdf,image/*"
        max-file-size="100000"
        min-file-size="1"
        max-files="3"
        max-total-size="150000"
      ></quatrix-uploader>`,
    );
    await signedIn(el);
    expect(el.shadowRoot!.querySelector('input[name=files]')!.getAttribute('accept')).to.equal(
      '.pdf,image/*',
    );
    const done = oneEvent(el, 'quatrix-all-done');
    const keep = new File([new Uint8Array(40 * KiB)], 'keep.pdf', {
      type: 'application/pdf',
      lastModified: 1,
    });
    el.addFiles([
      keep,
      new File([new Uint8Array(KiB)], 'tool.exe', { type: 'application/x-msdownload' }),
      new File([new Uint8Array(120 * KiB)], 'huge.pdf', { type: 'application/pdf' }),
      new File([], 'empty.pdf', { type: 'application/pdf' }),
      new File([new Uint8Array(60 * KiB)], 'photo.jpg', { type: 'image/jpeg' }),
      new File([new Uint8Array(60 * KiB)], 'too-much.png', { type: 'image/png' }),
    ]);
    const { detail } = await done;
    expect(detail.successful.map((f: UploadFileState) => f.name).sort()).to.deep.equal([
      'keep.pdf',
      'photo.jpg',
    ]);
    await shown(el, '[part~=file-failed]');
    expect(reasonOf(el, 'tool.exe')).to.equal('This type of file is not accepted here.');
    expect(reasonOf(el, 'huge.pdf')).to.equal('This file is larger than 100 kB, the most accepted here.');
    expect(reasonOf(el, 'empty.pdf')).to.equal('This file is smaller than 1 byte, the least accepted here.');
    expect(reasonOf(el, 'too-much.png')).to.equal('All files together may not be larger than 150 kB.');
    // Refused files cannot be tried again, only removed.
    const buttons = [...el.shadowRoot!.querySelectorAll('[part~=file-failed] button')].map((b) =>
      b.textContent!.trim(),
    );
    expect(buttons).to.not.include('Retry');
    const links = (await requestLog(emu())).filter(
      (r) => r.method === 'POST' && r.path.includes('/upload/link'),
    );
    expect(links, 'nothing sent of a refused file').to.have.length(2);

    // The same file again: not added twice, and said.
    el.addFiles([keep]);
    expect((await shown(el, '[part=drop-zone] [part=notice]')).textContent).to.contain(
      '\u2068keep.pdf\u2069 is in the list already.',
    );
    expect(el.shadowRoot!.querySelectorAll('[part~=file-done]').length).to.equal(2);
    await expect(el).to.be.accessible();

    // Three files at most: the list holds two, so one more goes and the next is refused.
    const second = oneEvent(el, 'quatrix-all-done');
    el.maxTotalSize = undefined;
    await el.updateComplete;
    el.addFiles(
      [makeFile('third.pdf', KiB, 3), makeFile('fourth.pdf', KiB, 4)].map(
        (f) => new File([f], f.name, { type: 'application/pdf' }),
      ),
    );
    await second;
    await shown(el, '[part~=file-failed]');
    await new Promise((r) => requestAnimationFrame(r));
    await el.updateComplete;
    expect(reasonOf(el, 'fourth.pdf')).to.equal('No more than 3 files can be added here.');
  });
});

describe('concurrency and chunk sizes as attributes', () => {
  const emu = emulatorPerTest();

  it('should send one file at a time in chunks of the size asked, whole and intact', async () => {
    await emu().control('setFaults', [{ path: '/upload/chunked/', latencyMs: 60 }]);
    const el = await fixture<QuatrixUploader>(
      html`<quatrix-uploader
        site=${emu().url}
        folder-id=${IDS.inbox}
        concurrency="1"
        small-file-concurrency="1"
        chunk-size="65536"
      ></quatrix-uploader>`,
    );
    await signedIn(el);
    const done = oneEvent(el, 'quatrix-all-done');
    el.addFiles([makeFile('one.bin', 200 * KiB, 51), makeFile('two.bin', 150 * KiB, 52)]);
    const { detail } = await done;
    expect(detail.successful).to.have.length(2);
    const chunks = chunkPosts(await requestLog(emu()));
    expect(maxConcurrency(chunks), 'one file, one chunk at a time').to.equal(1);
    const sizes = chunks.map((c) => {
      const [, from, to] = /bytes (\d+)-(\d+)\//.exec(c.contentRange ?? '')!;
      return Number(to) - Number(from) + 1;
    });
    expect(Math.max(...sizes)).to.equal(65536);
    expect(sizes).to.have.length(4 + 3);
  });

  it('should leave out values that cannot work, and send with the defaults', async () => {
    const el = await fixture<QuatrixUploader>(
      html`<quatrix-uploader
        site=${emu().url}
        folder-id=${IDS.inbox}
        concurrency="0"
        min-chunk-size="900000000"
        max-chunk-size="-5"
      ></quatrix-uploader>`,
    );
    await signedIn(el);
    const done = oneEvent(el, 'quatrix-all-done');
    el.addFiles([makeFile('fine.bin', 100 * KiB, 53)]);
    expect((await done).detail.successful).to.have.length(1);
  });

  it('should read an empty number attribute as unset, not as 0 (a template writes an unset value so)', async () => {
    const el = await fixture<QuatrixUploader>(
      html`<quatrix-uploader
        site=${emu().url}
        folder-id=${IDS.inbox}
        max-file-size=""
        min-file-size=" "
        max-files=""
        max-total-size=""
        concurrency=""
        chunk-size=""
      ></quatrix-uploader>`,
    );
    expect([
      el.maxFileSize,
      el.minFileSize,
      el.maxFiles,
      el.maxTotalSize,
      el.concurrency,
      el.chunkSize,
    ]).to.deep.equal([undefined, undefined, undefined, undefined, undefined, undefined]);
    await signedIn(el);
    const done = oneEvent(el, 'quatrix-all-done');
    el.addFiles([makeFile('any.bin', 100 * KiB, 54)]);
    expect((await done).detail.successful.map((f: UploadFileState) => f.name)).to.deep.equal(['any.bin']);
    // A value set later, and taken away by emptying it: the limit goes with it.
    el.setAttribute('max-file-size', '10');
    expect(el.maxFileSize).to.equal(10);
    el.setAttribute('max-file-size', '');
    expect(el.maxFileSize).to.equal(undefined);
  });
});
