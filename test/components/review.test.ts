import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/define.js';
import type { QuatrixFileRequest, QuatrixUploader, QuatrixWidget, UploadFileState } from '../../src/index.js';
import { ALICE, IDS } from '../fixtures/seed.js';
import { makeFile, requestLog } from '../helpers/emulator-browser.js';
import { sendHeld, shown } from '../helpers/elements.js';
import { emulatorPerTest } from '../helpers/emulator-per-test.js';

const KiB = 1024;

/** The labels of the buttons of one file's row, by its name. */
function rowButtons(el: HTMLElement, name: string): string[] {
  const row = [...el.shadowRoot!.querySelectorAll('[part~=file]')].find(
    (r) => r.querySelector('[part=file-name]')?.textContent === name,
  );
  return row ? [...row.querySelectorAll('button')].map((b) => b.textContent!.trim()) : [];
}

describe('review, summary line, compact list, and files leaving the list', () => {
  const emu = emulatorPerTest();

  it('should hold the files of a request for review: remove one from the keyboard, send the rest with one action', async () => {
    const el = await fixture<QuatrixFileRequest>(
      html`<quatrix-file-request site=${emu().url} request-id=${IDS.request}></quatrix-file-request>`,
    );
    await shown(el, '[part=drop-zone]');
    el.addFiles([makeFile('keep.pdf', 40 * KiB, 1), makeFile('wrong.pdf', 30 * KiB, 2)]);
    const start = await shown(el, '[part~=start]');
    expect(start.textContent!.trim()).to.equal('Upload 2 files');
    expect(el.shadowRoot!.querySelector('[part=review] [part=total-text]')!.textContent).to.equal('71.7 kB');
    // Nothing goes before the action: each file can only leave the list.
    expect(rowButtons(el, 'wrong.pdf')).to.deep.equal(['Remove']);
    const statuses = [...el.shadowRoot!.querySelectorAll('[part=file-status]')].map((s) => s.textContent);
    expect(statuses, 'it goes with the action, not by itself').to.deep.equal([
      'Not sent yet',
      'Not sent yet',
    ]);
    await new Promise((r) => setTimeout(r, 300));
    expect((await requestLog(emu())).filter((r) => r.path.includes('upload-link'))).to.have.length(0);
    await expect(el).to.be.accessible();

    const remove = el.shadowRoot!.querySelector<HTMLButtonElement>('[aria-label="Remove wrong.pdf"]')!;
    remove.focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(rowButtons(el, 'wrong.pdf'), 'gone').to.deep.equal([]);
    const focused = el.shadowRoot!.activeElement;
    expect(focused !== null, 'the keyboard stays in the element').to.equal(true);
    expect(start.textContent!.trim()).to.equal('Upload 1 file');

    const done = oneEvent(el, 'quatrix-all-done');
    expect(await sendHeld(el)).to.equal('Upload 1 file');
    expect((await done).detail.successful.map((f: UploadFileState) => f.name)).to.deep.equal(['keep.pdf']);
    const links = (await requestLog(emu())).filter(
      (r) => r.method === 'POST' && r.path.includes('upload-link'),
    );
    expect(links, 'nothing reserved for the removed file').to.have.length(1);
    await el.updateComplete;
    await new Promise((r) => requestAnimationFrame(r));
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part=total] [part=total-text]')!.textContent).to.equal(
      '100% · 1 of 1 file · 41 kB of 41 kB',
    );
    // A file chosen after everything ended waits for a review again.
    el.addFiles([makeFile('later.pdf', 10 * KiB, 3)]);
    await el.updateComplete;
    expect((await shown(el, '[part~=start]')).textContent!.trim()).to.equal('Upload 1 file');
  });

  it('should let a refused file be removed, and then show that the others were sent', async () => {
    const el = await fixture<QuatrixWidget>(
      html`<quatrix-widget site=${emu().url} widget-id=${IDS.widgetOpen}></quatrix-widget>`,
    );
    await shown(el, '[part=remaining]');
    const done = oneEvent(el, 'quatrix-all-done');
    el.addFiles(['a', 'b', 'c', 'd'].map((n, i) => makeFile(`${n}.txt`, 2 * KiB, i + 1)));
    const { detail } = await done;
    expect(detail.failed.map((f: UploadFileState) => f.name)).to.deep.equal(['d.txt']);
    await shown(el, '[part~=file-failed]');
    expect(el.shadowRoot!.querySelector('[part=success]') === null, 'not while a file failed').to.equal(true);
    // Over the allowance a retry cannot help: Remove is the way on.
    expect(rowButtons(el, 'd.txt')).to.deep.equal(['Remove']);
    el.shadowRoot!.querySelector<HTMLButtonElement>('[aria-label="Remove d.txt"]')!.click();
    expect((await shown(el, '[part=success]')).textContent).to.contain('3 files were sent');
  });

  it('should keep a compact list within its height, scrolling and reachable, and clear what has ended', async () => {
    const el = await fixture<QuatrixUploader>(
      html`<quatrix-uploader compact site=${emu().url} folder-id=${IDS.inbox}></quatrix-uploader>`,
    );
    el.apiKey = ALICE.apiKey;
    await shown(el, '[part=quota]');
    const done = oneEvent(el, 'quatrix-all-done');
    el.addFiles(Array.from({ length: 8 }, (_, i) => makeFile(`row-${i}.txt`, KiB, i + 10)));
    await done;
    const list = (await shown(el, '[part=file-list]')) as HTMLElement;
    await el.updateComplete;
    expect(list.getBoundingClientRect().height).to.be.at.most(16 * 16 + 1);
    expect(list.scrollHeight).to.be.greaterThan(list.clientHeight);
    expect(list.tabIndex, 'the scrolling list is reachable by keyboard').to.equal(0);
    await expect(el).to.be.accessible();
    const clear = [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part=total] button')].find(
      (b) => b.textContent!.trim() === 'Clear finished',
    )!;
    clear.click();
    await el.updateComplete;
    await new Promise((r) => requestAnimationFrame(r));
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part=files]') === null).to.equal(true);
  });
});
