import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/define.js';
import type { QuatrixFileRequest, UploadFileState } from '../../src/index.js';
import { QuatrixClient } from '../../src/api/index.js';
import { ERIN, FRANK, IDS } from '../fixtures/seed.js';
import { makeFile, sha256Hex } from '../helpers/emulator-browser.js';
import { firstErrorReason, sendHeld, shown } from '../helpers/elements.js';
import { emulatorPerTest } from '../helpers/emulator-per-test.js';

const KiB = 1024;

describe('<quatrix-file-request>', () => {
  const emu = emulatorPerTest();

  const page = (requestId: string): Promise<QuatrixFileRequest> =>
    fixture<QuatrixFileRequest>(
      html`<quatrix-file-request site=${emu().url} request-id=${requestId}></quatrix-file-request>`,
    );

  it('should fire quatrix-error when its site is not a site', async () => {
    expect(
      await firstErrorReason('quatrix-file-request', { site: 'not a site', requestId: IDS.request }),
    ).to.equal('setup');
  });

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
    // The review step: both files wait, each removable, until one action sends them.
    expect(await sendHeld(el)).to.equal('Upload 2 files');
    await allDone;
    const textarea = (await shown(el, 'textarea[name=message]')) as HTMLTextAreaElement;
    textarea.value = 'Here are the scans';
    textarea.dispatchEvent(new Event('input'));
    await el.updateComplete;
    const sent = oneEvent(el, 'quatrix-request-sent');
    // The list follows the engine once a frame: wait until the Send button shows both files done.
    ((await shown(el, '[part=send] button[aria-disabled=false]')) as HTMLButtonElement).click();
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

  it('should name every file Send returns, and while some still upload say why it waits, in the tab order', async () => {
    // The first chunk goes at once, the next one takes 1.5 s: one file is done while the other uploads.
    await emu().control('setFaults', [{ path: '/upload/chunked/', after: 1, latencyMs: 1500 }]);
    const el = await page(IDS.request);
    await shown(el, '[part=request]');
    el.addFiles([makeFile('small.txt', 2 * KiB, 4), makeFile('large.bin', 600 * KiB, 5)]);
    await sendHeld(el);
    const button = (await shown(el, '[part=send] button')) as HTMLButtonElement;
    expect(button.textContent!.trim()).to.equal('Send 2 files');
    expect(button.getAttribute('aria-disabled')).to.equal('true');
    expect(button.disabled, 'still reachable by Tab').to.equal(false);
    const why = el.shadowRoot!.getElementById(button.getAttribute('aria-describedby')!)!;
    expect(why.textContent).to.match(/once every file is uploaded \(1 of 2 so far\)/);
    expect(getComputedStyle(button).opacity).to.not.equal('1');
    await expect(el).to.be.accessible();
    button.click(); // nothing happens yet
    await new Promise((r) => setTimeout(r, 100));
    expect(await emu().control('requestReturns', IDS.request)).to.deep.equal([]);
    // Once both are uploaded, the same button sends both.
    await shown(el, '[part=send] button[aria-disabled=false]');
    expect(el.shadowRoot!.getElementById('send-waits')).to.equal(null);
    const sent = oneEvent(el, 'quatrix-request-sent');
    button.focus();
    await sendKeys({ press: 'Enter' });
    expect((await sent).detail.fileIds).to.have.length(2);
    // The button is gone with the form: the keyboard lands on what happened, not on the page's body.
    await shown(el, '[part=success]');
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement?.getAttribute('part')).to.equal('success-text');
  });

  it("should set the requester's message in its own direction in a right-to-left page", async () => {
    const el = await fixture<QuatrixFileRequest>(
      html`<quatrix-file-request
        site=${emu().url}
        request-id=${IDS.request}
        locale="ar"
      ></quatrix-file-request>`,
    );
    const message = await shown(el, '[part=request-message]');
    while (el.shadowRoot!.querySelector('[lang=ar]') === null) await new Promise((r) => setTimeout(r, 20));
    expect(getComputedStyle(message.parentElement!).direction).to.equal('rtl');
    // English in an Arabic page: its full stop stays at its end, on the right.
    expect(getComputedStyle(message).direction).to.equal('ltr');
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
    // The wrong PIN is gone from the field, ready for the next one.
    expect(el.shadowRoot!.querySelector<HTMLInputElement>('input[name=pin]')!.value).to.equal('');
    await expect(el).to.be.accessible();
    const again = el.shadowRoot!.querySelector<HTMLInputElement>('input[name=pin]')!;
    again.value = '1234';
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part=pin-form] button')!.click();
    await shown(el, '[part=request]');
    expect(el.shadowRoot!.querySelector('[part=headline]')!.textContent?.trim()).to.equal('Secret');
  });

  it('should show a clear state for an expired, a revoked and a not yet active request', async () => {
    // Each says what happened and the one next step that works (issue 14, item 2).
    for (const [id, text] of [
      [IDS.requestExpired, /has expired\. Ask the person who sent it for a new link\./],
      [IDS.requestRevoked, /does not work: it was withdrawn, or it is incomplete\. Ask the person/],
      [IDS.requestFuture, /opens on .*\d.*\. Come back then\./],
      ['', /does not work: it was withdrawn, or it is incomplete/],
    ] as const) {
      const el = await page(id);
      expect((await shown(el, '[part=error]')).textContent, id || 'no id').to.match(text);
      expect(el.shadowRoot!.querySelector('[part=drop-zone]')).to.equal(null);
      await expect(el).to.be.accessible();
    }
  });

  const type = (el: HTMLElement, name: string, value: string): void => {
    const input = el.shadowRoot!.querySelector<HTMLInputElement>(`input[name=${name}]`)!;
    input.value = value;
  };
  const submit = (el: HTMLElement): void =>
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part=sign-in-form] button[type=submit]')!.click();
  /** Fills in the sign-in form with `who`'s e-mail and password, and sends it. */
  const signIn = (el: HTMLElement, who: { email: string; password: string }): void => {
    type(el, 'email', who.email);
    type(el, 'password', who.password);
    submit(el);
  };

  /** Uploads one file and waits until it is done; answers its content's hash. */
  const uploadOne = async (el: QuatrixFileRequest, name: string): Promise<string> => {
    await shown(el, '[part=drop-zone]');
    const file = makeFile(name, 70 * KiB, 5);
    const done = oneEvent(el, 'quatrix-all-done');
    el.addFiles([file]);
    await sendHeld(el);
    const { detail } = await done;
    expect(detail.failed, detail.failed[0]?.error?.message).to.have.length(0);
    expect(await emu().sha256(detail.successful[0]!.result!.fileId)).to.equal(await sha256Hex(file));
    return detail.successful[0]!.result!.fileId;
  };

  it('should ask a recipient to sign in when the request demands it, refuse a wrong password, then upload', async () => {
    const el = await page(IDS.requestSignIn);
    const form = await shown(el, '[part=sign-in-form]');
    expect(form.textContent).to.contain('Sign in');
    expect(el.shadowRoot!.querySelector('[part=drop-zone]')).to.equal(null);
    await expect(el).to.be.accessible();

    type(el, 'email', ERIN.email);
    type(el, 'password', 'not it');
    submit(el);
    expect((await shown(el, '[part=sign-in-form] [role=alert]')).textContent).to.contain('incorrect');
    expect(el.shadowRoot!.activeElement).to.equal(el.shadowRoot!.querySelector('input[name=password]'));
    await expect(el).to.be.accessible();

    signIn(el, ERIN);
    expect((await shown(el, '[part=request]')).textContent).to.contain('Please sign in first');
    await uploadOne(el, 'signed.pdf');
    // The session lives in memory only: nothing of it in the markup or in storage.
    expect(el.getAttributeNames().sort()).to.deep.equal(['request-id', 'site']);
    expect(el.shadowRoot!.innerHTML).not.to.match(/[0-9a-f]{8}-[0-9a-f]{4}-4/);
    expect(localStorage.length, 'nothing kept once the upload is done').to.equal(0);

    // Signing out ends the session on the server and shows the form again.
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part~=sign-out]')!.click();
    await shown(el, '[part=sign-in-form]');
    const log = (await emu().control('requests')) as Array<{ method: string; path: string; status: number }>;
    const loggedOut = log.some(
      (r) => r.method === 'GET' && r.path.endsWith('/session/logout') && r.status === 200,
    );
    expect(loggedOut).to.equal(true);
  });

  it('should ask for the second factor when the login answers 207, and refuse a wrong code', async () => {
    const el = await page(IDS.requestSignIn);
    await shown(el, '[part=sign-in-form]');
    signIn(el, FRANK);
    await shown(el, 'input[name=code]');
    expect(el.shadowRoot!.activeElement).to.equal(el.shadowRoot!.querySelector('input[name=code]'));
    await expect(el).to.be.accessible();
    type(el, 'code', '000000');
    submit(el);
    expect((await shown(el, '[part=sign-in-form] [role=alert]')).textContent).to.contain('incorrect');
    type(el, 'code', FRANK.twoFactorCode);
    submit(el);
    await shown(el, '[part=request]');
    await uploadOne(el, 'two-factor.pdf');
  });

  it('should skip the sign-in form when the page gives a session', async () => {
    const client = new QuatrixClient({ site: emu().url });
    const { sessionId } = await client.login(ERIN.email, ERIN.password);
    const el = document.createElement('quatrix-file-request');
    el.sessionToken = sessionId;
    el.site = emu().url;
    el.requestId = IDS.requestSignIn;
    document.body.append(el);
    try {
      await shown(el, '[part=request]');
      expect(el.shadowRoot!.querySelector('[part=sign-in-form]')).to.equal(null);
      await uploadOne(el, 'with-session.pdf');
    } finally {
      el.remove();
    }
  });

  describe('when the server refuses an anonymous recipient with 403 and code 72', () => {
    const other = emulatorPerTest({ requestAuthFailure: { status: 403, code: 72 } });

    it('should still offer the sign-in', async () => {
      const el = await fixture<QuatrixFileRequest>(
        html`<quatrix-file-request
          site=${other().url}
          request-id=${IDS.requestSignIn}
        ></quatrix-file-request>`,
      );
      await shown(el, '[part=sign-in-form]');
      signIn(el, ERIN);
      await shown(el, '[part=request]');
    });
  });

  it('should try loading the request again through passing failures, showing that it retries', async () => {
    await emu().control('setFaults', [{ path: '/files-return/metadata/', status: 503, times: 2 }]);
    const el = await page(IDS.request);
    expect((await shown(el, '[role=status]')).textContent).to.match(/Loading|Trying again/);
    await shown(el, '[part=request]');
  });

  it('should say so with a working "Try again" when the request cannot be loaded for now', async () => {
    await emu().control('setFaults', [{ path: '/files-return/metadata/', status: 503 }]);
    const el = await page(IDS.request);
    const error = await shown(el, '[part=error]', 20_000);
    expect(error.textContent).to.contain('Try again');
    await expect(el).to.be.accessible();
    await emu().control('setFaults', []);
    error.querySelector<HTMLButtonElement>('button')!.click();
    await shown(el, '[part=request]');
  });

  it('should ask to sign in again when the session ends during an upload, and continue the file after', async () => {
    const el = await page(IDS.requestSignIn);
    await shown(el, '[part=sign-in-form]');
    signIn(el, ERIN);
    await shown(el, '[part=drop-zone]');
    await emu().control('setFaults', [{ path: '/upload/chunked/', latencyMs: 400 }]);
    const file = makeFile('long.pdf', 300 * KiB, 9);
    el.addFiles([file]);
    await sendHeld(el);
    await shown(el, '[part~=file-uploading]');
    await emu().control('expireSessions');
    // Not a dead end: the form comes back and says why.
    const form = await shown(el, '[part=sign-in-form]');
    expect(form.textContent).to.contain('Your session has ended');
    expect(el.shadowRoot!.querySelector('[part=error]') === null, 'no dead end').to.equal(true);
    await emu().control('setFaults', []);
    const done = oneEvent(el, 'quatrix-all-done');
    signIn(el, ERIN);
    const { detail } = await done;
    expect(detail.successful.map((f: UploadFileState) => f.name)).to.deep.equal(['long.pdf']);
    expect(await emu().sha256(detail.successful[0]!.result!.fileId)).to.equal(await sha256Hex(file));
  });

  it('should try sending the return again after a passing failure, and send it once', async () => {
    const el = await page(IDS.request);
    await uploadOne(el, 'again.pdf');
    await emu().control('setFaults', [{ path: '/files-return/send', status: 503, times: 1 }]);
    const sent = oneEvent(el, 'quatrix-request-sent');
    ((await shown(el, '[part=send] button[aria-disabled=false]')) as HTMLButtonElement).click();
    await sent;
    const returns = (await emu().control('requestReturns', IDS.request)) as unknown[];
    expect(returns).to.have.length(1);
  });
});
