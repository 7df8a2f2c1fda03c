import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../src/define.js';
import { QuatrixClient } from '../../src/api/index.js';
import type { QuatrixUploader, QuatrixWidget, UploadFileState } from '../../src/index.js';
import { ALICE, IDS } from '../fixtures/seed.js';
import { makeFile, requestLog } from '../helpers/emulator-browser.js';
import { sendHeld, shown } from '../helpers/elements.js';
import { emulatorPerTest } from '../helpers/emulator-per-test.js';

const KiB = 1024;

describe('hooks on the elements: quatrix-before-add and quatrix-before-upload', () => {
  const emu = emulatorPerTest();
  const links = async (): Promise<number> =>
    (await requestLog(emu())).filter((r) => /upload-link|\/upload\/link/.test(r.path)).length;

  it('should leave out a file whose quatrix-before-add is cancelled, saying nothing, and send the metadata a listener attached', async () => {
    const el = await fixture<QuatrixWidget>(
      html`<quatrix-widget site=${emu().url} widget-id=${IDS.widgetOpen}></quatrix-widget>`,
    );
    await shown(el, '[part~=drop-zone]');
    el.addEventListener('quatrix-before-add', (e) => {
      if (e.detail.relativePath.endsWith('.exe')) e.preventDefault();
      else e.detail.meta.source = 'contact-page';
    });
    const done = oneEvent(el, 'quatrix-all-done');
    el.addFiles([makeFile('tool.exe', KiB, 1), makeFile('cv.pdf', 4 * KiB, 2)]);
    const { detail } = await done;
    expect(
      detail.successful.map((f: UploadFileState) => f.name),
      JSON.stringify(detail.failed.map((f: UploadFileState) => [f.name, f.error?.reason, f.error?.message])),
    ).to.deep.equal(['cv.pdf']);
    expect(detail.successful[0]!.meta).to.deep.equal({ source: 'contact-page' });
    const names = [...el.shadowRoot!.querySelectorAll('[part=file-name]')].map((n) => n.textContent);
    expect(names).to.deep.equal(['cv.pdf']);
    // Not "in the list already": that note is for duplicates.
    expect(el.shadowRoot!.textContent).not.to.contain('tool.exe');
    const alice = new QuatrixClient({ site: emu().url, auth: { type: 'apiKey', apiKey: ALICE.apiKey } });
    const info = await alice.getFileInfo(detail.successful[0]!.result!.fileId);
    expect(info.widgetMetadata).to.deep.equal({ source: 'contact-page' });
  });

  it('should keep the files waiting, with the action that sends them, while quatrix-before-upload is cancelled', async () => {
    const el = await fixture<QuatrixUploader>(
      html`<quatrix-uploader site=${emu().url} folder-id=${IDS.inbox}></quatrix-uploader>`,
    );
    el.apiKey = ALICE.apiKey;
    await shown(el, '[part=quota]');
    let allow = false;
    const asked: number[] = [];
    el.addEventListener('quatrix-before-upload', (e) => {
      asked.push(e.detail.files.length);
      if (!allow) e.preventDefault();
    });
    el.addFiles([makeFile('a.bin', 8 * KiB, 1), makeFile('b.bin', 8 * KiB, 2)]);
    const start = (await shown(el, '[part~=start]')) as HTMLButtonElement;
    expect(start.textContent!.trim()).to.equal('Upload 2 files');
    expect(await links()).to.equal(0);
    allow = true;
    const done = oneEvent(el, 'quatrix-all-done');
    await sendHeld(el);
    expect((await done).detail.successful).to.have.length(2);
    expect(asked).to.deep.equal([2, 2]);
  });

  it('should await an async beforeUpload, and send only once it agrees', async () => {
    const el = await fixture<QuatrixUploader>(
      html`<quatrix-uploader site=${emu().url} folder-id=${IDS.inbox}></quatrix-uploader>`,
    );
    el.apiKey = ALICE.apiKey;
    await shown(el, '[part=quota]');
    let agree!: (ok: boolean) => void;
    el.beforeUpload = () => new Promise<boolean>((resolve) => (agree = resolve));
    el.beforeFileAdded = ({ file, relativePath }) => ({ file, relativePath: `Inbox/${relativePath}` });
    const done = oneEvent(el, 'quatrix-all-done');
    el.addFiles([makeFile('c.bin', 8 * KiB, 3)]);
    await new Promise((r) => setTimeout(r, 300));
    expect(await links()).to.equal(0);
    agree(true);
    const { detail } = await done;
    expect(detail.successful.map((f: UploadFileState) => f.relativePath)).to.deep.equal(['Inbox/c.bin']);
  });
});
