import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../src/define.js';
import type {
  QuatrixFileRequest,
  QuatrixRequestFiles,
  QuatrixUploader,
  QuatrixWidget,
} from '../../src/index.js';
import { ALICE, IDS } from '../fixtures/seed.js';
import { makeFile, sha256Hex } from '../helpers/emulator-browser.js';
import { sendHeld, shown } from '../helpers/elements.js';
import { emulatorPerTest } from '../helpers/emulator-per-test.js';

const KiB = 1024;

/**
 * Real Quatrix clients treat every answer field as optional. Here the emulator keeps only the fields
 * the product requires (test/contract/description.ts) in every success answer, removed or `null`: each
 * element must still render its page and do its job.
 */
for (const mode of ['absent', 'null'] as const) {
  describe(`every element when optional answer fields are ${mode}`, () => {
    const emu = emulatorPerTest();
    beforeEach(() => emu().control('sparseAnswers', mode));

    /** Sends one file through an uploading element and checks it arrived intact. */
    async function sendOne(el: QuatrixWidget | QuatrixUploader | QuatrixFileRequest): Promise<string> {
      await shown(el, '[part=drop-zone]');
      const file = makeFile('sparse.bin', 150 * KiB, 3);
      const done = oneEvent(el, 'quatrix-all-done');
      el.addFiles([file]);
      // The request page holds the files for a review first.
      if (el.localName === 'quatrix-file-request') await sendHeld(el);
      const { detail } = await done;
      expect(detail.failed, detail.failed[0]?.error?.message).to.have.length(0);
      const id = detail.successful[0]!.result!.fileId;
      expect(await emu().sha256(id)).to.equal(await sha256Hex(file));
      return id;
    }

    it('<quatrix-widget> should render and send a file', async () => {
      const el = await fixture<QuatrixWidget>(
        html`<quatrix-widget site=${emu().url} widget-id=${IDS.widgetOpen}></quatrix-widget>`,
      );
      await sendOne(el);
      await shown(el, '[part=success]');
      expect(el.shadowRoot!.querySelector('[part=error]')).to.equal(null);
      await expect(el).to.be.accessible();
    });

    it('<quatrix-uploader> should render and upload a file', async () => {
      const el = await fixture<QuatrixUploader>(
        html`<quatrix-uploader site=${emu().url} folder-id=${IDS.inbox}></quatrix-uploader>`,
      );
      el.apiKey = ALICE.apiKey;
      await sendOne(el);
      expect(el.shadowRoot!.querySelector('[part=error]')).to.equal(null);
      await expect(el).to.be.accessible();
    });

    it('<quatrix-file-request> should render the request, take a file and send it', async () => {
      const el = await fixture<QuatrixFileRequest>(
        html`<quatrix-file-request site=${emu().url} request-id=${IDS.request}></quatrix-file-request>`,
      );
      await shown(el, '[part=request]');
      await expect(el).to.be.accessible();
      await sendOne(el);
      const sent = oneEvent(el, 'quatrix-request-sent');
      ((await shown(el, '[part=send] button[aria-disabled=false]')) as HTMLButtonElement).click();
      await sent;
      await shown(el, '[part=success]');
    });

    it('<quatrix-request-files> should list contacts and create a request with its link', async () => {
      const el = await fixture<QuatrixRequestFiles>(
        html`<quatrix-request-files site=${emu().url} folder-id=${IDS.aliceHome}></quatrix-request-files>`,
      );
      el.apiKey = ALICE.apiKey;
      const contacts = await shown(el, '[part=contacts]');
      contacts.querySelector<HTMLInputElement>('input[type=checkbox]')!.click();
      await el.updateComplete;
      const created = oneEvent(el, 'quatrix-request-created');
      el.shadowRoot!.querySelector<HTMLButtonElement>('button.primary')!.click();
      const { detail } = await created;
      expect(((await shown(el, '[part=link] input')) as HTMLInputElement).value).to.equal(detail.url);
      await expect(el).to.be.accessible();
    });
  });
}
