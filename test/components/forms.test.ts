import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { ifDefined } from 'lit/directives/if-defined.js';
import '../../src/define.js';
import type { QuatrixFileRequest, QuatrixUploader, UploadFileState } from '../../src/index.js';
import { ALICE, IDS } from '../fixtures/seed.js';
import { makeFile } from '../helpers/emulator-browser.js';
import { sendHeld, shown } from '../helpers/elements.js';
import { emulatorPerTest } from '../helpers/emulator-per-test.js';

const KiB = 1024;

/** The rows of the file list once the list has drawn the engine's state (once a frame). */
async function rows(el: HTMLElement): Promise<number> {
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  return el.shadowRoot!.querySelectorAll('[part~=file]').length;
}

/** What the form would submit under `name`. */
const submitted = (form: HTMLFormElement, name: string): FormDataEntryValue[] =>
  new FormData(form).getAll(name);

describe('<quatrix-uploader> and <quatrix-file-request> in a real <form>', () => {
  const emu = emulatorPerTest();

  async function uploaderForm(attrs = ''): Promise<{ form: HTMLFormElement; el: QuatrixUploader }> {
    const form = await fixture<HTMLFormElement>(
      html`<form>
        <fieldset>
          <quatrix-uploader
            site=${emu().url}
            folder-id=${IDS.inbox}
            name="attachments"
            ?required=${attrs.includes('required')}
            max-file-size=${ifDefined(attrs.includes('max') ? 50 * KiB : undefined)}
          ></quatrix-uploader>
        </fieldset>
      </form>`,
    );
    const el = form.querySelector('quatrix-uploader')!;
    el.apiKey = ALICE.apiKey;
    await shown(el, '[part=quota]');
    return { form, el };
  }

  it("should submit the sent files' ids under its name, and hold the form while they are on their way", async () => {
    const { form, el } = await uploaderForm('required');
    expect(form.checkValidity()).to.equal(false);
    expect(el.validity.valueMissing).to.equal(true);
    expect(el.validationMessage).to.equal('Please send at least one file.');
    const done = oneEvent(el, 'quatrix-all-done');
    el.addFiles([makeFile('a.bin', 300 * KiB, 1), makeFile('b.bin', 20 * KiB, 2)]);
    await el.updateComplete;
    expect(form.checkValidity()).to.equal(false);
    expect(el.validationMessage).to.equal('Files are still being sent.');
    const { detail } = await done;
    await el.updateComplete;
    expect(form.checkValidity()).to.equal(true);
    const ids = detail.successful.map((f: UploadFileState) => f.result!.fileId);
    expect(submitted(form, 'attachments').sort()).to.deep.equal(ids.sort());
  });

  it('should be invalid while a file failed, and valid again once it is removed', async () => {
    const { form, el } = await uploaderForm('max');
    const done = oneEvent(el, 'quatrix-all-done');
    el.addFiles([makeFile('ok.bin', 10 * KiB, 1), makeFile('too-big.bin', 80 * KiB, 2)]);
    await done;
    await el.updateComplete;
    expect(form.checkValidity()).to.equal(false);
    expect(el.validationMessage).to.equal('A file could not be sent: try again or remove it.');
    const failedRow = [...el.shadowRoot!.querySelectorAll('[part~=file-failed]')];
    expect(failedRow).to.have.length(1);
    const remove = [...failedRow[0]!.querySelectorAll<HTMLButtonElement>('button')].find(
      (b) => b.textContent!.trim() === 'Remove',
    )!;
    remove.click();
    await el.updateComplete;
    expect(form.checkValidity()).to.equal(true);
    expect(submitted(form, 'attachments')).to.have.length(1);
  });

  it("should clear the list on the form's reset, and take no files while its fieldset is disabled", async () => {
    const { form, el } = await uploaderForm();
    const done = oneEvent(el, 'quatrix-all-done');
    el.addFiles([makeFile('a.bin', 8 * KiB, 1)]);
    await done;
    await el.updateComplete;
    expect(submitted(form, 'attachments')).to.have.length(1);
    form.reset();
    expect(await rows(el)).to.equal(0);
    expect(submitted(form, 'attachments')).to.have.length(0);

    form.querySelector('fieldset')!.disabled = true;
    await el.updateComplete;
    expect(el.matches(':disabled')).to.equal(true);
    const buttons = [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part=drop-zone] button')];
    expect(buttons.length).to.be.greaterThan(0);
    expect(buttons.every((b) => b.disabled)).to.equal(true);
    el.addFiles([makeFile('late.bin', KiB, 2)]);
    expect(await rows(el)).to.equal(0);
    form.querySelector('fieldset')!.disabled = false;
    await el.updateComplete;
    expect(buttons.every((b) => !b.disabled)).to.equal(true);
  });

  it('should make a file request page a form field too: held files first, then the ids of the files sent', async () => {
    const form = await fixture<HTMLFormElement>(
      html`<form>
        <quatrix-file-request site=${emu().url} request-id=${IDS.request} name="returned" required>
        </quatrix-file-request>
      </form>`,
    );
    const el = form.querySelector<QuatrixFileRequest>('quatrix-file-request')!;
    await shown(el, '[part=drop-zone]');
    expect(form.checkValidity()).to.equal(false);
    el.addFiles([makeFile('c.bin', 12 * KiB, 3)]);
    await shown(el, '[part~=start]');
    await el.updateComplete;
    expect(el.validationMessage).to.equal('The files chosen are not sent yet.');
    const done = oneEvent(el, 'quatrix-all-done');
    await sendHeld(el);
    const { detail } = await done;
    await el.updateComplete;
    expect(form.checkValidity()).to.equal(true);
    expect(submitted(form, 'returned')).to.deep.equal([detail.successful[0]!.result!.fileId]);
  });
});
