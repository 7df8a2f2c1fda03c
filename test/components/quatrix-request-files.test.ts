import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../src/define.js';
import type { QuatrixRequestFiles } from '../../src/index.js';
import { ALICE, IDS, testSeed } from '../fixtures/seed.js';
import { requestLog } from '../helpers/emulator-browser.js';
import { emulatorPerTest } from '../helpers/emulator-per-test.js';
import { firstErrorReason, shown } from '../helpers/elements.js';

describe('<quatrix-request-files>', () => {
  const emu = emulatorPerTest();

  async function creator(): Promise<QuatrixRequestFiles> {
    const el = await fixture<QuatrixRequestFiles>(
      html`<quatrix-request-files site=${emu().url} folder-id=${IDS.aliceHome}></quatrix-request-files>`,
    );
    el.apiKey = ALICE.apiKey;
    return el;
  }

  it('should fire quatrix-error when it has no credentials', async () => {
    expect(
      await firstErrorReason('quatrix-request-files', { site: emu().url, folderId: IDS.aliceHome }),
    ).to.equal('unauthorized');
  });

  it('should create a request for the chosen contacts into the chosen folder and show its link', async () => {
    const el = await creator();
    const contacts = await shown(el, '[part=contacts]');
    expect(contacts.textContent).to.contain('Carol Contact');
    await expect(el).to.be.accessible();

    // Nothing chosen: a clear message, nothing created.
    el.shadowRoot!.querySelector<HTMLButtonElement>('button.primary')!.click();
    expect((await shown(el, '[part=contacts] [role=alert]')).textContent).to.contain('at least one');

    contacts.querySelector<HTMLInputElement>('input[type=checkbox]')!.click();
    const select = el.shadowRoot!.querySelector<HTMLSelectElement>('[part~=folder] select')!;
    expect([...select.options].map((o) => o.textContent)).to.include('Returns');
    select.value = IDS.returns;
    select.dispatchEvent(new Event('change'));
    const textarea = el.shadowRoot!.querySelector<HTMLTextAreaElement>('[part~=message] textarea')!;
    textarea.value = 'Please send the contract';
    textarea.dispatchEvent(new Event('input'));
    await el.updateComplete;
    const created = oneEvent(el, 'quatrix-request-created');
    el.shadowRoot!.querySelector<HTMLButtonElement>('button.primary')!.click();
    const { detail } = await created;
    const link = (await shown(el, '[part=link] input')) as HTMLInputElement;
    expect(link.value).to.equal(detail.url);
    expect(el.shadowRoot!.activeElement).to.equal(link);
    const stored = (await emu().control('fileRequest', detail.id)) as {
      folder: string;
      message: string;
      recipients: string[];
    };
    // Recipients must sign in and are e-mailed, by default, as the API's own defaults.
    expect(stored).to.deep.equal({
      folder: IDS.returns,
      message: 'Please send the contract',
      recipients: [IDS.contactCarol],
      requestAuth: true,
      sendEmail: true,
      returnPgpEncrypted: false,
    });
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part=link] button.primary')!.click();
    const status = el.shadowRoot!.querySelector('[part=link] [role=status]')!;
    for (let i = 0; i < 100 && !status.textContent?.trim(); i++) await new Promise((r) => setTimeout(r, 20));
    // Copied, or (without clipboard permission in a headless browser) the link selected with a hint
    // that names no keys (a phone has none).
    expect(status.textContent?.trim()).to.match(/Link copied|copy it yourself/);
    await expect(el).to.be.accessible();
  });

  it('should create a request that recipients answer without signing in, and without e-mail, when unticked', async () => {
    const el = await creator();
    const contacts = await shown(el, '[part=contacts]');
    contacts.querySelector<HTMLInputElement>('input[type=checkbox]')!.click();
    const auth = el.shadowRoot!.querySelector<HTMLInputElement>('input[name=request-auth]')!;
    const email = el.shadowRoot!.querySelector<HTMLInputElement>('input[name=send-email]')!;
    expect([auth.checked, email.checked]).to.deep.equal([true, true]);
    auth.click();
    email.click();
    await el.updateComplete;
    const created = oneEvent(el, 'quatrix-request-created');
    el.shadowRoot!.querySelector<HTMLButtonElement>('button.primary')!.click();
    const { detail } = await created;
    const stored = (await emu().control('fileRequest', detail.id)) as {
      requestAuth: boolean;
      sendEmail: boolean;
    };
    expect([stored.requestAuth, stored.sendEmail]).to.deep.equal([false, false]);
    await expect(el).to.be.accessible();
  });

  it('should offer "Try again" when the contacts cannot be loaded for now, and create through a passing failure', async () => {
    await emu().control('setFaults', [{ path: '/api/1.0/contact', status: 503 }]);
    const el = await creator();
    const error = await shown(el, '[part=error]', 20_000);
    await expect(el).to.be.accessible();
    await emu().control('setFaults', [{ path: '/share/request', status: 502, times: 1 }]);
    error.querySelector<HTMLButtonElement>('button')!.click();
    const contacts = await shown(el, '[part=contacts]');
    contacts.querySelector<HTMLInputElement>('input[type=checkbox]')!.click();
    await el.updateComplete;
    const created = oneEvent(el, 'quatrix-request-created');
    el.shadowRoot!.querySelector<HTMLButtonElement>('button.primary')!.click();
    expect((await created).detail.url).to.be.a('string');
  });

  it('should say that credentials are missing', async () => {
    const el = await fixture<QuatrixRequestFiles>(
      html`<quatrix-request-files site=${emu().url}></quatrix-request-files>`,
    );
    expect((await shown(el, '[part=error]')).textContent).to.contain('Sign in to continue.');
  });

  describe('encrypted returns', () => {
    const choice = (el: QuatrixRequestFiles): HTMLInputElement | null =>
      el.shadowRoot!.querySelector<HTMLInputElement>('[part~=encryption] input');

    /** Waits until the element asked for the user's key, and drew what followed. */
    async function keyChecked(el: QuatrixRequestFiles): Promise<void> {
      await shown(el, '[part=contacts]');
      for (let i = 0; i < 200; i++) {
        const log = await requestLog(emu());
        if (log.some((r) => r.path.includes('/user/pgp-key/'))) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      await new Promise((r) => setTimeout(r, 50));
      await el.updateComplete;
    }

    it('should ask for encrypted files when the site has PGP and the user a key', async () => {
      const el = await creator();
      await keyChecked(el);
      const encrypt = choice(el)!;
      expect(encrypt.disabled).to.equal(false);
      expect(encrypt.checked, 'off until chosen').to.equal(false);
      encrypt.click();
      el.shadowRoot!.querySelector<HTMLInputElement>('[part=contacts] input[type=checkbox]')!.click();
      await el.updateComplete;
      await expect(el).to.be.accessible();
      const created = oneEvent(el, 'quatrix-request-created');
      el.shadowRoot!.querySelector<HTMLButtonElement>('button.primary')!.click();
      const { detail } = await created;
      const stored = (await emu().control('fileRequest', detail.id)) as { returnPgpEncrypted: boolean };
      expect(stored.returnPgpEncrypted).to.equal(true);
    });

    it('should say that a key is needed when the user has none, and not offer it when PGP is off', async () => {
      const seed = testSeed();
      delete seed.users.find((u) => u.id === IDS.alice)!.pgpPublicKey;
      await emu.start({ seed });
      const el = await creator();
      await keyChecked(el);
      expect(choice(el)!.disabled).to.equal(true);
      expect(el.shadowRoot!.querySelector('#encryption-hint')!.textContent).to.contain('Add a PGP key');
      await expect(el).to.be.accessible();

      const off = testSeed();
      off.account.pgpEnabled = false;
      await emu.start({ seed: off });
      const other = await creator();
      await keyChecked(other);
      expect(choice(other)).to.equal(null);
    });
  });
});
