import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../src/define.js';
import type { QuatrixFileRequest, QuatrixUploader, QuatrixWidget } from '../../src/index.js';
import { ALICE, IDS } from '../fixtures/seed.js';
import { makeFile, requestLog } from '../helpers/emulator-browser.js';
import { sendHeld, shown } from '../helpers/elements.js';
import { emulatorPerTest } from '../helpers/emulator-per-test.js';

/** The requests the emulator answered, CORS preflights aside. */
async function calls(emu: Parameters<typeof requestLog>[0]): Promise<Awaited<ReturnType<typeof requestLog>>> {
  return (await requestLog(emu)).filter((r) => r.method !== 'OPTIONS');
}

/** Calls whose path holds `part`. */
async function count(emu: Parameters<typeof requestLog>[0], part: string): Promise<number> {
  return (await calls(emu)).filter((r) => r.path.includes(part)).length;
}

/**
 * An element and its engine share one owner of the target's facts: what the element shows before a
 * file is added is the answer the first file goes with, asked for once.
 */
describe('target facts', () => {
  const emu = emulatorPerTest();

  it("should read a widget's allowance once for the view and the first file", async () => {
    const el = await fixture<QuatrixWidget>(
      html`<quatrix-widget site=${emu().url} widget-id=${IDS.widgetOpen}></quatrix-widget>`,
    );
    expect((await shown(el, '[part=remaining]')).textContent).to.contain('3 more files');
    const done = oneEvent(el, 'quatrix-all-done');
    el.addFiles([makeFile('a.txt', 100, 1)]);
    await done;
    const log = await calls(emu());
    const firstLink = log.findIndex((r) => r.path.includes('/widget/upload-link/'));
    expect(firstLink).to.be.greaterThan(0);
    expect(log.slice(0, firstLink).filter((r) => r.path.includes('/widget/metadata/'))).to.have.length(1);
  });

  it("should read a user's storage once for the quota shown and the first file", async () => {
    const el = await fixture<QuatrixUploader>(
      html`<quatrix-uploader site=${emu().url} folder-id=${IDS.inbox}></quatrix-uploader>`,
    );
    el.apiKey = ALICE.apiKey;
    await shown(el, '[part=quota]');
    const done = oneEvent(el, 'quatrix-all-done');
    el.addFiles([makeFile('b.txt', 100, 2)]);
    await done;
    const log = await calls(emu());
    const firstLink = log.findIndex((r) => r.path.includes('/upload/link'));
    expect(log.slice(0, firstLink).filter((r) => r.path.includes('/profile/info'))).to.have.length(1);
  });

  it('should read a protected request once after its PIN, through the engine that then sends the files', async () => {
    const el = await fixture<QuatrixFileRequest>(
      html`<quatrix-file-request site=${emu().url} request-id=${IDS.requestPin}></quatrix-file-request>`,
    );
    const form = await shown(el, '[part=pin-form]');
    form.querySelector('input')!.value = '1234';
    form.querySelector<HTMLButtonElement>('button')!.click();
    await shown(el, '[part=request]');
    const metadataAfterPin = await count(emu(), '/files-return/metadata/');
    const done = oneEvent(el, 'quatrix-all-done');
    el.addFiles([makeFile('c.txt', 100, 3)]);
    await sendHeld(el);
    const { detail } = await done;
    expect(detail.successful).to.have.length(1);
    expect(await count(emu(), '/files-return/metadata/')).to.equal(metadataAfterPin);
    expect(await count(emu(), '/share/login-pin')).to.be.at.most(2);
  });
});
