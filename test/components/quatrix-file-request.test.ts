import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../src/define.js';
import type { QuatrixFileRequest } from '../../src/index.js';
import { IDS } from '../fixtures/seed.js';
import { makeFile, sha256Hex } from '../helpers/emulator-browser.js';
import { shown } from '../helpers/elements.js';
import { emulatorPerTest } from '../helpers/emulator-per-test.js';

const KiB = 1024;

describe('<quatrix-file-request>', () => {
  const emu = emulatorPerTest();

  const page = (requestId: string): Promise<QuatrixFileRequest> =>
    fixture<QuatrixFileRequest>(
      html`<quatrix-file-request site=${emu().url} request-id=${requestId}></quatrix-file-request>`,
    );

  it('should show the request, upload within files_per_share, and send the files with a message', async () => {
    const el = await page(IDS.request);
    const request = await shown(el, '[part=request]');
    expect(request.textContent).to.contain('Alice Tester asks you for files.');
    expect(request.textContent).to.contain('Please send them');
    expect(request.textContent).to.contain('up to 2 files');
    expect(el.shadowRoot!.querySelector('[part=headline]')!.textContent?.trim()).to.equal('Your documents');
    await expect(el).to.be.accessible();

    const files = [makeFile('scan-1.pdf', 100 * KiB, 1), makeFile('scan-2.pdf', 50 * KiB, 2)];
    const allDone = oneEvent(el, 'quatrix-all-done');
    el.addFiles(files);
    await allDone;
    const textarea = (await shown(el, 'textarea[name=message]')) as HTMLTextAreaElement;
    textarea.value = 'Here are the scans';
    textarea.dispatchEvent(new Event('input'));
    await el.updateComplete;
    const sent = oneEvent(el, 'quatrix-request-sent');
    // The list follows the engine once a frame: wait until the Send button shows both files done.
    ((await shown(el, '[part=send] button:not([disabled])')) as HTMLButtonElement).click();
    const { detail } = await sent;
    expect(detail.message).to.equal('Here are the scans');
    const returns = (await emu().control('requestReturns', IDS.request)) as Array<{
      files: string[];
      message: string;
    }>;
    expect(returns).to.have.length(1);
    expect(returns[0]!.message).to.equal('Here are the scans');
    expect(returns[0]!.files.sort()).to.deep.equal([...detail.fileIds].sort());
    for (const [i, id] of detail.fileIds.entries())
      expect(await emu().sha256(id)).to.be.oneOf(await Promise.all(files.map(sha256Hex)), `file ${i}`);
    expect((await shown(el, '[part=success]')).textContent).to.contain('scan-1.pdf');
    await expect(el).to.be.accessible();
  });

  it('should ask for the PIN, say when it is wrong, and go on with the right one', async () => {
    const el = await page(IDS.requestPin);
    const form = await shown(el, '[part=pin-form]');
    await expect(el).to.be.accessible();
    const input = form.querySelector('input')!;
    input.value = '0000';
    form.querySelector<HTMLButtonElement>('button')!.click();
    expect((await shown(el, '[part=pin-form] [role=alert]')).textContent).to.contain('incorrect');
    expect(el.shadowRoot!.activeElement).to.equal(el.shadowRoot!.querySelector('input[name=pin]'));
    await expect(el).to.be.accessible();
    const again = el.shadowRoot!.querySelector<HTMLInputElement>('input[name=pin]')!;
    again.value = '1234';
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part=pin-form] button')!.click();
    await shown(el, '[part=request]');
    expect(el.shadowRoot!.querySelector('[part=headline]')!.textContent?.trim()).to.equal('Secret');
  });

  it('should show a clear state for an expired, a revoked and a not yet active request', async () => {
    for (const [id, text] of [
      [IDS.requestExpired, 'expired'],
      [IDS.requestRevoked, 'no longer exists'],
      [IDS.requestFuture, 'not open yet'],
    ] as const) {
      const el = await page(id);
      expect((await shown(el, '[part=error]')).textContent, id).to.contain(text);
      expect(el.shadowRoot!.querySelector('[part=drop-zone]')).to.equal(null);
      await expect(el).to.be.accessible();
    }
  });
});
