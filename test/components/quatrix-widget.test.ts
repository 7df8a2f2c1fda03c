import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';
import '../../src/define.js';
import type { QuatrixWidget, UploadFileState } from '../../src/index.js';
import { IDS } from '../fixtures/seed.js';
import { makeFile, sha256Hex } from '../helpers/emulator-browser.js';
import { emulatorPerTest } from '../helpers/emulator-per-test.js';
import { firstErrorReason, shown } from '../helpers/elements.js';

const KiB = 1024;

describe('<quatrix-widget>', () => {
  const emu = emulatorPerTest();

  const widget = (widgetId: string = IDS.widgetOpen): Promise<QuatrixWidget> =>
    fixture<QuatrixWidget>(html`<quatrix-widget site=${emu().url} widget-id=${widgetId}></quatrix-widget>`);

  it('should say that a file cancelled after it started still counts, and offer no fields once nothing can be sent', async () => {
    await emu().control('setFaults', [{ path: '/upload/chunked/', latencyMs: 1500 }]);
    const el = await fixture<QuatrixWidget>(
      html`<quatrix-widget
        site=${emu().url}
        widget-id=${IDS.widgetOpen}
        name-field="optional"
      ></quatrix-widget>`,
    );
    expect((await shown(el, '[part=remaining]')).textContent).to.contain('3 more files');
    el.addFiles([makeFile('started.bin', 100 * KiB, 41)]);
    await shown(el, '[part~=file-uploading]');
    el.cancel();
    await el.updateComplete;
    await new Promise((r) => requestAnimationFrame(r));
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part=remaining]')!.textContent).to.contain('2 more files');
    expect((await shown(el, '[part=hint]')).textContent).to.contain(
      'A file cancelled after it started still counts towards the files you can send.',
    );
    // The allowance used up, the page comes back: nothing to fill in for nothing to send.
    await emu().control('setFaults', []);
    const done = oneEvent(el, 'quatrix-all-done');
    el.addFiles([makeFile('x.txt', 100, 42), makeFile('y.txt', 100, 43)]);
    await done;
    el.remove();
    const again = await fixture<QuatrixWidget>(
      html`<quatrix-widget
        site=${emu().url}
        widget-id=${IDS.widgetOpen}
        name-field="optional"
      ></quatrix-widget>`,
    );
    expect((await shown(again, '[part=remaining]')).textContent).to.contain(
      'No more files can be sent here.',
    );
    expect(again.shadowRoot!.querySelector('input[name=name]') === null, 'no name field').to.equal(true);
    expect(again.shadowRoot!.querySelector('[part=drop-zone]') === null, 'no drop zone').to.equal(true);
  });

  it('should fire quatrix-error when its site is not a site', async () => {
    expect(
      await firstErrorReason('quatrix-widget', { site: 'not a site', widgetId: IDS.widgetOpen }),
    ).to.equal('setup');
  });

  it('should show the allowance, send picked files and end in an accessible success view', async () => {
    const el = await widget();
    expect((await shown(el, '[part=remaining]')).textContent).to.contain('3 more files');
    await expect(el).to.be.accessible();

    const input = el.shadowRoot!.querySelector<HTMLInputElement>('input[name=files]')!;
    const data = new DataTransfer();
    const files = [makeFile('a.bin', 200 * KiB, 1), makeFile('b.bin', 50 * KiB, 2)];
    files.forEach((f) => data.items.add(f));
    input.files = data.files;
    const added = oneEvent(el, 'quatrix-file-added');
    const allDone = oneEvent(el, 'quatrix-all-done');
    input.dispatchEvent(new Event('change'));
    expect((await added).detail.files).to.have.length(2);
    await shown(el, '[part~=file]');
    await expect(el).to.be.accessible();
    const { detail } = await allDone;
    expect(detail.successful).to.have.length(2);

    const success = await shown(el, '[part=success]');
    expect(success.textContent).to.contain('2 files were sent.');
    await expect(el).to.be.accessible();
    const stored = await emu().files(IDS.inbox);
    for (const file of files) {
      const match = stored.find((s) => s.name === file.name)!;
      expect(await emu().sha256(match.id)).to.equal(await sha256Hex(file));
    }
    // Send more: the list clears and the drop zone is back.
    success.querySelector('button')!.click();
    await shown(el, '[part=drop-zone]');
  });

  // A wrong token may be answered 200 {valid: false} or, as /session/unblock-captcha does, 401 {valid: false}.
  for (const rejectStatus of [200, 401] as const) {
    it(`should show the CAPTCHA challenge in a dialog, show it again after a wrong answer (${rejectStatus}), and continue once solved`, async () => {
      if (rejectStatus !== 200) {
        await emu.start({ captchaRejectStatus: rejectStatus });
      }
      const el = await widget(IDS.widgetCaptcha);
      let attempts = 0;
      el.captchaProvider = (container) =>
        new Promise((resolve) => {
          const button = document.createElement('button');
          button.textContent = 'I am human';
          button.addEventListener('click', () => resolve(++attempts === 1 ? 'wrong' : 'pass-ok'));
          container.append(button);
          button.focus();
        });
      await shown(el, '[part=remaining]');
      const needed = oneEvent(el, 'quatrix-captcha-needed');
      const solved = oneEvent(el, 'quatrix-captcha-solved');
      const allDone = oneEvent(el, 'quatrix-all-done');
      el.addFiles([makeFile('c.bin', 20 * KiB, 3)]);
      expect((await needed).detail.filesWaiting).to.equal(1);
      const dialog = (await shown(el, 'dialog[open]')) as HTMLDialogElement;
      await expect(el).to.be.accessible();
      ((await shown(el, '.captcha-container button')) as HTMLButtonElement).click();
      await shown(el, 'dialog [role=alert]');
      ((await shown(el, '.captcha-container button')) as HTMLButtonElement).click();
      await solved;
      await shown(el, 'dialog:not([open])');
      expect(dialog.open).to.equal(false);
      expect((await allDone).detail.successful).to.have.length(1);
      expect(attempts).to.equal(2);
    });
  }

  it('should say that files wait after the CAPTCHA is closed unsolved, and open it again from there', async () => {
    const el = await widget(IDS.widgetCaptcha);
    el.captchaProvider = (container) =>
      new Promise((resolve) => {
        const button = document.createElement('button');
        button.textContent = 'I am human';
        button.addEventListener('click', () => resolve('pass-later'));
        container.append(button);
      });
    await shown(el, '[part=remaining]');
    const allDone = oneEvent(el, 'quatrix-all-done');
    el.addFiles([makeFile('waits.bin', 8 * KiB, 9)]);
    await shown(el, 'dialog[open]');
    await sendKeys({ press: 'Escape' }); // closed without confirming
    const waiting = await shown(el, '[part=captcha-waiting]');
    expect(waiting.textContent).to.contain('waiting until you confirm');
    const reopen = waiting.querySelector('button')!;
    expect(el.shadowRoot!.activeElement, 'focus on the way on').to.equal(reopen);
    // Heard with it: why the files wait.
    const why = el.shadowRoot!.getElementById(reopen.getAttribute('aria-describedby')!)!;
    expect(why.textContent).to.contain('waiting until you confirm');
    expect(el.shadowRoot!.querySelector('[part~=file-blocked]')).to.not.equal(null);
    await expect(el).to.be.accessible();
    await sendKeys({ press: 'Enter' });
    await shown(el, 'dialog[open]');
    ((await shown(el, '.captcha-container button')) as HTMLButtonElement).click();
    expect((await allDone).detail.successful).to.have.length(1);
    expect(el.shadowRoot!.querySelector('[part=captcha-waiting]')).to.equal(null);
  });

  it('should not call a valid CAPTCHA token wrong when its check meets a passing server failure', async () => {
    const el = await widget(IDS.widgetCaptcha);
    let challenges = 0;
    el.captchaProvider = async () => `pass-${++challenges}`;
    await shown(el, '[part=remaining]');
    await emu().control('setFaults', [{ path: '/widget/unblock-captcha/', status: 503, times: 1 }]);
    const solved = oneEvent(el, 'quatrix-captcha-solved');
    const allDone = oneEvent(el, 'quatrix-all-done');
    el.addFiles([makeFile('after-503.bin', 4 * KiB, 8)]);
    await solved;
    expect((await allDone).detail.successful).to.have.length(1);
    expect(challenges, 'one challenge: the token was sent again, not refused').to.equal(1);
  });

  it('should say when a CAPTCHA is needed but no provider is set', async () => {
    const el = await widget(IDS.widgetCaptcha);
    await shown(el, '[part=remaining]');
    el.addFiles([makeFile('d.bin', 1 * KiB, 4)]);
    const dialog = await shown(el, 'dialog[open]');
    expect(dialog.textContent).to.contain('none is set up');
  });

  it('should refuse files beyond the allowance before sending and say why', async () => {
    const el = await widget();
    await shown(el, '[part=remaining]');
    const limit = oneEvent(el, 'quatrix-limit-reached');
    const allDone = oneEvent(el, 'quatrix-all-done');
    el.addFiles([1, 2, 3, 4].map((n) => makeFile(`l${n}.bin`, 1 * KiB, n)));
    expect((await limit).detail.filesRemaining).to.equal(3);
    const { detail } = await allDone;
    expect(detail.failed.map((f: UploadFileState) => f.error?.reason)).to.deep.equal(['file-limit']);
    const error = await shown(el, '[part~=file-error]');
    expect(error.textContent).to.contain('No more files');
    // Nothing more can be sent: no drop zone offers it (issue 14, item 9).
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part=drop-zone]') === null, 'no drop zone at 0 left').to.equal(
      true,
    );
    await expect(el).to.be.accessible();
  });

  it('should show a clear state for an unknown widget, with no dead controls', async () => {
    const failed = new Promise<CustomEvent>((resolve) =>
      document.addEventListener('quatrix-error', (e) => resolve(e), { once: true }),
    );
    const el = await widget(IDS.unknown);
    const error = await shown(el, '[part=error]');
    expect(error.textContent).to.contain('does not exist');
    expect((await failed).detail.error.reason).to.equal('widget-not-found');
    expect(el.shadowRoot!.querySelector('[part=drop-zone]')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('should render hostile file names as text only', async () => {
    const el = await widget();
    await shown(el, '[part=remaining]');
    const names = ['<img src=x onerror="window.pwned=1">.txt', '\u202Egnp.exe', `${'long'.repeat(60)}.bin`];
    const allDone = oneEvent(el, 'quatrix-all-done');
    el.addFiles(names.map((n, i) => new File([`file ${i}`], n)));
    await allDone;
    await shown(el, '.sent-list li');
    const root = el.shadowRoot!;
    expect(root.querySelector('img')).to.equal(null);
    expect((window as { pwned?: number }).pwned).to.equal(undefined);
    const listed = [...root.querySelectorAll('.sent-list li')].map((li) => li.textContent);
    // Shown as they are: the direction control is made visible, so the name cannot pass for "exe.png".
    expect(listed).to.deep.equal([names[0], '⟨U+202E⟩gnp.exe', names[2]]);
    await expect(el).to.be.accessible();
  });

  it('should be a form field whose value is the sent file ids, invalid while sending or empty when required', async () => {
    const form = await fixture<HTMLFormElement>(
      html`<form>
        <quatrix-widget
          name="uploads"
          required
          site=${emu().url}
          widget-id=${IDS.widgetOpen}
        ></quatrix-widget>
      </form>`,
    );
    const el = form.querySelector('quatrix-widget')!;
    await shown(el, '[part=remaining]');
    expect(form.checkValidity()).to.equal(false);
    const allDone = oneEvent(el, 'quatrix-all-done');
    el.addFiles([makeFile('form.bin', 10 * KiB, 5)]);
    expect(form.checkValidity()).to.equal(false);
    const { detail } = await allDone;
    await shown(el, '[part=success]');
    expect(form.checkValidity()).to.equal(true);
    expect(new FormData(form).getAll('uploads')).to.deep.equal([detail.successful[0]!.result!.fileId]);
  });

  it('should send the sender fields as payload, and require them before sending', async () => {
    const el = await fixture<QuatrixWidget>(
      html`<quatrix-widget
        site=${emu().url}
        widget-id=${IDS.widgetOpen}
        name-field="required"
        email-field="optional"
      ></quatrix-widget>`,
    );
    await shown(el, '[part=remaining]');
    // The required field is marked for everyone to see; the optional one is not.
    const labels = [...el.shadowRoot!.querySelectorAll('[part=fields] label')].map((l) =>
      l.textContent!.replace(/\s+/g, ' ').trim(),
    );
    expect(labels).to.deep.equal(['Your name (required)', 'Your e-mail']);
    el.addFiles([makeFile('p.bin', 1 * KiB, 6)]);
    await el.updateComplete;
    expect(el.start()).to.equal(false);
    await shown(el, '[role=alert]');
    const name = el.shadowRoot!.querySelector<HTMLInputElement>('input[name=sender-name]')!;
    name.value = 'Eve Sender';
    name.dispatchEvent(new Event('input'));
    const email = el.shadowRoot!.querySelector<HTMLInputElement>('input[name=sender-email]')!;
    email.value = 'eve@example.com';
    email.dispatchEvent(new Event('input'));
    const allDone = oneEvent(el, 'quatrix-all-done');
    expect(el.start()).to.equal(true);
    await allDone;
    const [stored] = await emu().files(IDS.inbox);
    expect(stored!.payload).to.deep.equal({ name: 'Eve Sender', email: 'eve@example.com' });
  });

  it('should be operable by keyboard: the browse buttons are reachable and labelled', async () => {
    const el = await widget();
    await shown(el, '[part=drop-zone]');
    const buttons = [...el.shadowRoot!.querySelectorAll('[part=drop-zone] button')] as HTMLButtonElement[];
    expect(buttons.map((b) => b.textContent?.trim())).to.deep.equal(['Choose files', 'Choose a folder']);
    buttons[0]!.focus();
    expect(el.shadowRoot!.activeElement).to.equal(buttons[0]);
  });

  it('should offer the camera and the photo library on a touch screen, and send what they give', async () => {
    const labels = (el: QuatrixWidget): string[] =>
      [...el.shadowRoot!.querySelectorAll('[part=drop-zone] button')].map((b) => b.textContent!.trim());
    const desktop = await widget();
    await shown(desktop, '[part=drop-zone]');
    expect(labels(desktop)).to.deep.equal(['Choose files', 'Choose a folder']);

    await executeServerCommand('touch-screen', { enabled: true });
    try {
      expect(matchMedia('(pointer: coarse)').matches).to.equal(true);
      const el = await widget();
      await shown(el, '[part=drop-zone]');
      expect(labels(el)).to.deep.equal(['Choose files', 'Take a photo or video', 'Photo library']);
      await expect(el).to.be.accessible();
      const camera = el.shadowRoot!.querySelector<HTMLInputElement>('input[name=camera]')!;
      expect(camera.accept).to.equal('image/*,video/*');
      expect(camera.getAttribute('capture')).to.equal('environment');
      const photos = el.shadowRoot!.querySelector<HTMLInputElement>('input[name=photos]')!;
      expect(photos.accept).to.equal('image/*,video/*');
      expect(photos.hasAttribute('capture')).to.equal(false);
      expect(photos.multiple).to.equal(true);

      // Each button opens its own picker.
      const opened: string[] = [];
      for (const input of [camera, photos])
        input.addEventListener('click', (e) => {
          e.preventDefault();
          opened.push(input.name);
        });
      const [, takePhoto, library] = [
        ...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part=drop-zone] button'),
      ];
      takePhoto!.click();
      library!.click();
      expect(opened).to.deep.equal(['camera', 'photos']);

      el.camera = 'off';
      await el.updateComplete;
      expect(labels(el)).to.deep.equal(['Choose files', 'Choose a folder']);
      el.camera = 'auto';
      await el.updateComplete;

      // What the camera gives is sent like any file.
      const photo = new File([makeFile('x', 64 * KiB, 4)], 'IMG_0001.jpg', { type: 'image/jpeg' });
      const data = new DataTransfer();
      data.items.add(photo);
      camera.files = data.files;
      const allDone = oneEvent(el, 'quatrix-all-done');
      camera.dispatchEvent(new Event('change'));
      expect((await allDone).detail.successful).to.have.length(1);
      const stored = (await emu().files(IDS.inbox)).find((s) => s.name === 'IMG_0001.jpg')!;
      expect(await emu().sha256(stored.id)).to.equal(await sha256Hex(photo));
    } finally {
      await executeServerCommand('touch-screen', { enabled: false });
    }
    desktop.camera = 'on';
    await desktop.updateComplete;
    expect(labels(desktop)).to.deep.equal([
      'Choose files',
      'Take a photo or video',
      'Photo library',
      'Choose a folder',
    ]);
  });

  it('should list the unfinished uploads of an earlier visit and continue one when its file is chosen again', async () => {
    const file = makeFile('earlier.bin', 300 * KiB, 9);
    const targetKey = `widget:${emu().url}:${IDS.widgetOpen}`;
    // An earlier visit: the upload started (65 KiB confirmed) and the page went away.
    const { QuatrixClient } = await import('../../src/index.js');
    const client = new QuatrixClient({ site: emu().url });
    const { uploadKey } = await client.getWidgetUploadLink(IDS.widgetOpen, {
      name: file.name,
      fileSize: file.size,
    });
    await client.uploadChunk(uploadKey, file.slice(0, 65 * KiB), 0, file.size);
    localStorage.setItem(
      `quatrix-upload:resume:${targetKey}|earlier.bin|${file.size}|${file.lastModified}`,
      JSON.stringify({
        targetKey,
        uploadKey,
        name: file.name,
        relativePath: file.name,
        size: file.size,
        lastModified: file.lastModified,
        confirmed: 65 * KiB,
        startedAt: Date.now(),
      }),
    );
    const el = await widget();
    await shown(el, '[part=remaining]');
    const unfinished = await shown(el, '[part=unfinished]');
    // The name sits in the sentence isolated (FSI … PDI), so it cannot reorder it.
    expect(unfinished.textContent).to.contain('\u2068earlier.bin\u2069, continues from 21');
    await expect(el).to.be.accessible();
    const allDone = oneEvent(el, 'quatrix-all-done');
    // Storage is read when files are added, not on every frame of progress.
    const key = Storage.prototype.key;
    let scans = 0;
    Storage.prototype.key = function (this: Storage, index: number) {
      scans++;
      return key.call(this, index);
    };
    try {
      el.addFiles([file]);
      const afterAdding = scans;
      const { detail } = await allDone;
      expect(scans, 'storage scanned after the files were added').to.equal(afterAdding);
      expect(detail.successful[0]!.resumed).to.equal(true);
      expect(await emu().sha256(detail.successful[0]!.result!.fileId)).to.equal(await sha256Hex(file));
    } finally {
      Storage.prototype.key = key;
    }
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part=unfinished]'), 'nothing left unfinished').to.equal(null);
  });

  it('should drop an unfinished upload of an earlier visit from the list with its Remove button', async () => {
    const targetKey = `widget:${emu().url}:${IDS.widgetOpen}`;
    localStorage.setItem(
      `quatrix-upload:resume:${targetKey}|gone.bin|1000|1`,
      JSON.stringify({
        targetKey,
        uploadKey: 'key-of-an-earlier-visit',
        name: 'gone.bin',
        relativePath: 'gone.bin',
        size: 1000,
        lastModified: 1,
        confirmed: 0,
        startedAt: Date.now(),
      }),
    );
    const el = await widget();
    const unfinished = await shown(el, '[part=unfinished]');
    // Nothing of it arrived: no "continues from 0 %".
    expect(unfinished.querySelector('li')!.textContent).to.contain('\u2068gone.bin\u2069, not sent yet');
    unfinished.querySelector('button')!.click();
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part=unfinished]')).to.equal(null);
    expect(localStorage.length).to.equal(0);
  });

  it('should show the allowance of the widget it shows now, whatever answer comes last', async () => {
    // The first widget's metadata answers slowly; meanwhile the element is pointed at another widget.
    await emu().control('setFaults', [{ path: `/widget/metadata/${IDS.widgetOpen}`, latencyMs: 800 }]);
    const el = await fixture<QuatrixWidget>(
      html`<quatrix-widget site=${emu().url} widget-id=${IDS.widgetOpen}></quatrix-widget>`,
    );
    el.widgetId = IDS.widgetCaptcha;
    expect((await shown(el, '[part=remaining]')).textContent).to.contain('10');
    await new Promise((r) => setTimeout(r, 1_000));
    const remaining = el.shadowRoot!.querySelector('[part=remaining]')!.textContent!;
    expect(remaining, 'the first widget allows 3').to.contain('10');
  });

  it('should render only the rows in view for a long list, still announcing its size', async () => {
    const el = await fixture<QuatrixWidget>(
      html`<quatrix-widget site=${emu().url} widget-id=${IDS.widgetOpen} manual-start></quatrix-widget>`,
    );
    await shown(el, '[part=remaining]');
    el.addFiles(Array.from({ length: 2000 }, (_, i) => new File(['x'], `many-${i}.txt`)));
    const first = await shown(el, 'ul.virtual li');
    const rows = el.shadowRoot!.querySelectorAll('ul.virtual li');
    expect(rows.length).to.be.lessThan(100);
    expect(first.getAttribute('aria-setsize')).to.equal('2000');
    await expect(el).to.be.accessible();
    // Scrolled, the list is a region a keyboard can reach and scroll.
    const list = el.shadowRoot!.querySelector<HTMLElement>('ul.virtual')!;
    list.scrollTop = 3000;
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    expect(list.tabIndex).to.equal(0);
    await expect(el).to.be.accessible();
  });

  it('should load a CAPTCHA service only when a challenge is due, and go on with its token', async () => {
    const el = await fixture<QuatrixWidget>(
      html`<quatrix-widget
        site=${emu().url}
        widget-id=${IDS.widgetCaptcha}
        captcha="turnstile"
        captcha-site-key="site-1"
        captcha-script-url="/test/fixtures/fake-turnstile.js"
      ></quatrix-widget>`,
    );
    await shown(el, '[part=remaining]');
    const loads = (): number => (window as { fakeCaptchaLoads?: number }).fakeCaptchaLoads ?? 0;
    expect(loads()).to.equal(0);
    const allDone = oneEvent(el, 'quatrix-all-done');
    el.addFiles([makeFile('t.bin', 10 * KiB, 7)]);
    ((await shown(el, '.captcha-container button')) as HTMLButtonElement).click();
    expect((await allDone).detail.successful).to.have.length(1);
    expect(loads()).to.equal(1);
  });

  it('should show a thumbnail for an image, decoded off the main thread, and none for other files', async () => {
    const el = await fixture<QuatrixWidget>(
      html`<quatrix-widget site=${emu().url} widget-id=${IDS.widgetOpen} manual-start></quatrix-widget>`,
    );
    await shown(el, '[part=remaining]');
    const canvas = new OffscreenCanvas(200, 100);
    const ctx = canvas.getContext('2d')!;
    ctx.fillStyle = '#c00';
    ctx.fillRect(0, 0, 200, 100);
    const png = new File([await canvas.convertToBlob({ type: 'image/png' })], 'red.png', {
      type: 'image/png',
    });
    el.addFiles([png, makeFile('data.bin', 100, 1)]);
    const thumb = (await shown(el, 'canvas[part=file-thumbnail]')) as HTMLCanvasElement;
    for (let i = 0; i < 50 && thumb.width !== 96; i++) await new Promise((r) => setTimeout(r, 20));
    expect(thumb.width, 'the bitmap was drawn').to.equal(96);
    expect(el.shadowRoot!.querySelectorAll('canvas[part=file-thumbnail]')).to.have.length(1);
    await expect(el).to.be.accessible();
  });

  it('should fit 320 px without horizontal scrolling, left-to-right and right-to-left', async () => {
    for (const dir of ['ltr', 'rtl']) {
      const el = await fixture<QuatrixWidget>(
        html`<quatrix-widget
          dir=${dir}
          style="width: 320px"
          site=${emu().url}
          widget-id=${IDS.widgetOpen}
          manual-start
        ></quatrix-widget>`,
      );
      await shown(el, '[part=remaining]');
      el.addFiles([
        new File(['x'], `${'a-very-long-file-name-without-spaces-'.repeat(4)}.pdf`),
        new File(['y'], 'تقرير.pdf'),
      ]);
      const frame = (await shown(el, '[part~=file]')).closest('.widget') as HTMLElement;
      expect(frame.scrollWidth, dir).to.be.at.most(frame.clientWidth + 2);
      await expect(el).to.be.accessible();
    }
  });

  it('should retry a failed file and cancel another from their buttons, by keyboard', async () => {
    const el = await widget();
    await shown(el, '[part=remaining]');
    await emu().control('setFaults', [
      { path: '/widget/upload-link/', times: 1, status: 400 },
      { path: '/upload/chunked/', latencyMs: 400 },
    ]);
    const failed = oneEvent(el, 'quatrix-file-failed');
    el.addFiles([makeFile('again.bin', 10 * KiB, 1)]);
    expect((await failed).detail.error.reason).to.equal('rejected');
    const retry = (await shown(el, 'button[aria-label="Retry again.bin"]')) as HTMLButtonElement;
    retry.focus();
    const done = oneEvent(el, 'quatrix-file-done');
    retry.click();
    expect((await done).detail.file.name).to.equal('again.bin');

    el.addFiles([makeFile('never.bin', 200 * KiB, 2)]);
    const cancel = (await shown(el, 'button[aria-label="Cancel never.bin"]')) as HTMLButtonElement;
    cancel.focus();
    cancel.click();
    await new Promise((r) => setTimeout(r, 600));
    expect((await emu().files(IDS.inbox)).map((f) => f.name)).to.deep.equal(['again.bin']);
    await expect(el).to.be.accessible();
  });

  it('should show the CAPTCHA again when the server demands it half-way (78), and lose no file', async () => {
    const el = await widget(IDS.widgetCaptcha);
    let challenges = 0;
    el.captchaProvider = async () => `pass-${++challenges}`;
    await shown(el, '[part=remaining]');
    await emu().control('setFaults', [{ path: '/widget/upload-link/', after: 1, latencyMs: 300, times: 1 }]);
    let demanded = false;
    el.addEventListener('quatrix-file-done', () => {
      if (!demanded) {
        demanded = true;
        void emu().control('demandCaptcha', IDS.widgetCaptcha);
      }
    });
    const allDone = oneEvent(el, 'quatrix-all-done');
    const files = [1, 2, 3, 4].map((n) => makeFile(`h${n}.bin`, 8 * KiB, n));
    el.addFiles(files);
    const { detail } = await allDone;
    expect(detail.successful).to.have.length(4);
    expect(challenges).to.equal(2);
    expect(await emu().files(IDS.inbox)).to.have.length(4);
  });

  it('should show a name with direction controls or invisible characters as it is, and send it unchanged', async () => {
    const el = await widget();
    await shown(el, '[part=remaining]');
    const sneaky = 'report\u202Egpj.exe';
    const hidden = 'in\u200Bvoice.pdf';
    const allDone = oneEvent(el, 'quatrix-all-done');
    el.addFiles([new File(['x'], sneaky), new File(['y'], hidden)]);
    const names = async (): Promise<string[]> =>
      [...el.shadowRoot!.querySelectorAll('[part=file-name]')].map((n) => n.textContent!.trim());
    await shown(el, '[part=file-name]');
    expect(await names()).to.deep.equal(['report⟨U+202E⟩gpj.exe', 'in⟨U+200B⟩voice.pdf']);
    for (const n of el.shadowRoot!.querySelectorAll('[part=file-name]'))
      expect(n.getAttribute('dir'), 'each name is isolated from its neighbours').to.equal('auto');
    await allDone;
    expect((await shown(el, '[part=success] [part=sent-list]')).textContent).to.contain(
      'report⟨U+202E⟩gpj.exe',
    );
    expect((await emu().files(IDS.inbox)).map((f) => f.name).sort()).to.deep.equal([hidden, sneaky].sort());
  });

  it('should be usable with the keyboard alone: pause, resume, and start over', async () => {
    await emu().control('setFaults', [{ path: '/upload/chunked/', latencyMs: 150 }]);
    const el = await widget();
    await shown(el, '[part=remaining]');
    const before = document.createElement('button');
    before.textContent = 'before';
    el.before(before);
    el.addFiles([makeFile('keys.bin', 40 * 64 * KiB, 3)]);
    await shown(el, 'button[aria-label="Pause keys.bin"]');
    const focused = (): string =>
      (el.shadowRoot!.activeElement as HTMLElement | null)?.getAttribute('aria-label') ??
      el.shadowRoot!.activeElement?.textContent?.trim() ??
      '';
    /** Presses Tab until the focused control is `label` (at most 15 times). */
    const tabTo = async (label: string): Promise<void> => {
      for (let i = 0; i < 15 && focused() !== label; i++) await sendKeys({ press: 'Tab' });
      expect(focused()).to.equal(label);
    };
    before.focus();
    await tabTo('Pause keys.bin');
    await sendKeys({ press: 'Enter' });
    await shown(el, '[part~=file-paused]');
    before.focus();
    await tabTo('Resume keys.bin');
    const done = oneEvent(el, 'quatrix-all-done');
    await sendKeys({ press: 'Space' });
    await done;
    await shown(el, '[part=success]');
    before.focus();
    await tabTo('Send more files');
    await sendKeys({ press: 'Enter' });
    await shown(el, '[part=drop-zone]');
    before.remove();
  });
});
