import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/define.js';
import type { QuatrixFileRequest, QuatrixRequestFiles, QuatrixWidget } from '../../src/index.js';
import { ALICE, IDS } from '../fixtures/seed.js';
import { makeFile } from '../helpers/emulator-browser.js';
import { sendHeld, shown } from '../helpers/elements.js';
import { emulatorPerTest } from '../helpers/emulator-per-test.js';

/** What has the keyboard inside the element: its part and text, or `(none)` when focus left it. */
function focused(el: HTMLElement): string {
  const active = el.shadowRoot!.activeElement;
  if (!active) return '(none)';
  const name = active instanceof HTMLInputElement ? `input[name=${active.name}]` : active.textContent!.trim();
  return `${active.getAttribute('part') ?? active.localName}: ${name}`;
}

/** Focuses `control` and presses Enter on it, as a keyboard user does. */
async function press(el: HTMLElement, control: Element | null): Promise<void> {
  expect(control !== null, 'the control is there').to.equal(true);
  (control as HTMLElement).focus();
  await sendKeys({ press: 'Enter' });
  await (el as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
}

const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 100));

describe('focus after every action that removes the focused control (real key presses)', () => {
  const emu = emulatorPerTest();

  it('an accepted PIN: focus goes to what the request page now offers, not to the page', async () => {
    const el = await fixture<QuatrixFileRequest>(
      html`<quatrix-file-request site=${emu().url} request-id=${IDS.requestPin}></quatrix-file-request>`,
    );
    const input = (await shown(el, 'input[name=pin]')) as HTMLInputElement;
    input.focus();
    await sendKeys({ type: '1234' });
    await sendKeys({ press: 'Enter' });
    await shown(el, '[part=drop-zone]');
    await el.updateComplete;
    await settle();
    expect(focused(el)).to.equal('button: Choose files');
  });

  it('Send on a request page: focus goes to the sentence that says the files were sent', async () => {
    const el = await fixture<QuatrixFileRequest>(
      html`<quatrix-file-request site=${emu().url} request-id=${IDS.request}></quatrix-file-request>`,
    );
    await shown(el, '[part=drop-zone]');
    const done = oneEvent(el, 'quatrix-all-done');
    el.addFiles([makeFile('a.txt', 1000, 1)]);
    await sendHeld(el);
    await done;
    const send = await shown(el, '[part=send] button[aria-disabled=false]');
    const sent = oneEvent(el, 'quatrix-request-sent');
    await press(el, send);
    await sent;
    await el.updateComplete;
    await settle();
    expect(focused(el)).to.match(/^success-text: Your files were sent/);
  });

  it('Send more files in the widget: focus goes to choosing files again', async () => {
    const el = await fixture<QuatrixWidget>(
      html`<quatrix-widget site=${emu().url} widget-id=${IDS.widgetOpen}></quatrix-widget>`,
    );
    await shown(el, '[part=remaining]');
    const done = oneEvent(el, 'quatrix-all-done');
    el.addFiles([makeFile('b.txt', 1000, 2)]);
    await done;
    const more = await shown(el, '[part=success] button');
    await press(el, more);
    await shown(el, '[part=drop-zone]');
    await settle();
    expect(focused(el)).to.equal('button: Choose files');
  });

  it('New request after creating one: focus goes to the first contact to choose', async () => {
    const el = await fixture<QuatrixRequestFiles>(
      html`<quatrix-request-files site=${emu().url} folder-id=${IDS.aliceHome}></quatrix-request-files>`,
    );
    el.apiKey = ALICE.apiKey;
    const contact = (await shown(el, '[part=contacts] input[type=checkbox]')) as HTMLInputElement;
    contact.click();
    const created = oneEvent(el, 'quatrix-request-created');
    el.shadowRoot!.querySelector<HTMLButtonElement>('button.primary')!.click();
    await created;
    // The element shows the link and puts the keyboard on it first.
    await settle();
    const again = [...el.shadowRoot!.querySelectorAll('button')].find(
      (b) => b.textContent!.trim() === 'New request',
    )!;
    await press(el, again);
    await shown(el, '[part=contacts]').catch((e: Error) => {
      throw new Error(
        `${e.message}: ${el.shadowRoot!.innerHTML.replace(/<!--[^>]*-->/g, '').slice(0, 1500)}`,
      );
    });
    await settle();
    expect(focused(el)).to.match(/^input: input/);
  });

  it('the CAPTCHA dialog keeps the keyboard inside and gives it back when closed', async () => {
    const el = await fixture<QuatrixWidget>(
      html`<quatrix-widget site=${emu().url} widget-id=${IDS.widgetCaptcha}></quatrix-widget>`,
    );
    await shown(el, '[part=remaining]');
    const choose = el.shadowRoot!.querySelector<HTMLButtonElement>('[part=drop-zone] button.primary')!;
    choose.focus();
    el.addFiles([makeFile('c.txt', 1000, 3)]);
    const dialog = (await shown(el, 'dialog[open]')) as HTMLDialogElement;
    await settle();
    // Tab round the dialog: the keyboard never leaves it.
    for (let i = 0; i < 6; i++) {
      await sendKeys({ press: 'Tab' });
      const active = el.shadowRoot!.activeElement;
      expect(active !== null && dialog.contains(active), `Tab ${i + 1}: ${focused(el)}`).to.equal(true);
    }
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    await settle();
    expect(dialog.open).to.equal(false);
    // Back where it was, or on the way on: the button that reopens the challenge.
    expect(focused(el)).to.match(/Confirm and send|Choose files/);
  });
});
