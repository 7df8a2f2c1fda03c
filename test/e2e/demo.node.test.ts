import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import * as openpgp from 'openpgp';
import type { Browser, ElementHandle, Page } from 'puppeteer-core';
import { DEMO, startDemo, type Demo } from '../../demo/server.js';
import { launchChromium } from '../../bench/harness.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');

// The demo site as a person uses it, in Chromium: the company website's script-tag widget (CAPTCHA,
// allowance), a customer's PIN-protected file request, and the app. Screenshots of every page go to
// .test-results/screenshots/demo-*.png.

const SHOTS = join(process.cwd(), '.test-results', 'screenshots');

describe('the demo site, end to end', () => {
  let demo: Demo;
  let browser: Browser;
  let dir: string;

  /** A file on disk with random content, and its sha256. */
  const file = (name: string, bytes: number): { path: string; sha256: string } => {
    const content = randomBytes(bytes);
    const path = join(dir, name);
    writeFileSync(path, content);
    return { path, sha256: createHash('sha256').update(content).digest('hex') };
  };

  const stored = async (folderId: string, name: string): Promise<string> => {
    const match = demo.emulator.files(folderId).find((f) => f.name === name);
    assert.ok(match, `${name} is stored`);
    return demo.emulator.sha256(match.id);
  };

  /** A visitor of their own (a fresh browser profile: no cookies, no visitor session). */
  const visitor = async (): Promise<Page> => {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    await page.setViewport({ width: 1000, height: 900 });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => {
      if (process.env.E2E_DEBUG) console.log('[page]', m.type(), m.text());
      if (m.type() === 'error' && /Content Security Policy|Trusted Type/i.test(m.text()))
        errors.push(m.text());
    });
    (page as Page & { errors: string[] }).errors = errors;
    return page;
  };
  const errorsOf = (page: Page): string[] => (page as Page & { errors: string[] }).errors;

  const shot = async (page: Page, name: string): Promise<void> => {
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  };

  /** Waits until `host`'s shadow root has something matching `css`, and returns it. */
  const inShadow = async (
    page: Page,
    host: string,
    css: string,
    timeout = 30_000,
  ): Promise<ElementHandle<Element>> => {
    try {
      const handle = await page.waitForFunction(
        (h, c) => document.querySelector(h)?.shadowRoot?.querySelector(c),
        { timeout },
        host,
        css,
      );
      return handle.asElement() as ElementHandle<Element>;
    } catch (error) {
      throw new Error(`${host} never showed ${css}; page errors: ${JSON.stringify(errorsOf(page))}`, {
        cause: error,
      });
    }
  };

  /**
   * On a file-request page: picks a file, uploads it from the review step, types the message, waits
   * until it is uploaded, sends the return.
   */
  async function returnFiles(page: Page, path: string, message?: string): Promise<void> {
    const [chooser] = await Promise.all([
      page.waitForFileChooser(),
      inShadow(page, 'quatrix-file-request', '[part=drop-zone] button.primary').then((e) => e.click()),
    ]);
    await chooser.accept([path]);
    const start = await inShadow(page, 'quatrix-file-request', '[part~=start]');
    assert.equal(await start!.evaluate((b) => b.textContent!.trim()), 'Upload 1 file');
    await start!.click();
    if (message) await (await inShadow(page, 'quatrix-file-request', '[part=send] textarea'))!.type(message);
    await page.waitForFunction(() => {
      const button = document
        .querySelector('quatrix-file-request')
        ?.shadowRoot?.querySelector<HTMLButtonElement>('[part=send] button');
      return button?.getAttribute('aria-disabled') === 'false';
    });
    await inShadow(page, 'quatrix-file-request', '[part=send] button').then((e) => e.click());
    await inShadow(page, 'quatrix-file-request', '[part=success]');
  }

  /** The text of the element's shadow DOM part(s) matching `selector`. */
  const text = (page: Page, host: string, selector: string): Promise<string> =>
    page.$eval(host, (el, s) => el.shadowRoot?.querySelector(s)?.textContent?.trim() ?? '', selector);

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'quatrix-e2e-'));
    demo = await startDemo();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await demo?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('home page: lists the three uses and the request pages', async () => {
    const page = await visitor();
    await page.goto(demo.pages.home);
    const links = await page.$$eval('main a', (as) => as.map((a) => a.getAttribute('href')));
    assert.deepEqual(links, [
      '/website/',
      '/app/',
      `/request/?id=${DEMO.request}`,
      `/request/?id=${DEMO.requestPin.id}`,
      `/request/?id=${DEMO.requestSignIn}`,
      `/request/?id=${DEMO.requestEncrypted}`,
    ]);
    await shot(page, 'demo-home');
    assert.deepEqual(errorsOf(page), []);
  });

  it('website: drop two files, solve the test CAPTCHA, and they arrive byte-identical', async () => {
    const page = await visitor();
    await page.goto(demo.pages.website);
    // The script tag loaded the built file, from another origin than the API.
    assert.ok(await page.$('script[src="/cdn/quatrix-upload.js"]'));
    await page.waitForFunction(() => customElements.get('quatrix-widget') !== undefined);
    // Pasted twice (another copy of the same file): the second does nothing, and breaks nothing.
    await page.addScriptTag({ url: '/cdn/quatrix-upload.js?pasted-twice', type: 'module' });
    await inShadow(page, 'quatrix-widget', '[part=remaining]');
    assert.match(await text(page, 'quatrix-widget', '[part=remaining]'), /3 more files/);
    await shot(page, 'demo-website');
    // The site's dark look: the widget follows its theme, from a background and an accent alone.
    await page.select('#theme', 'dark');
    const dark = await page.$eval('quatrix-widget', (el) => ({
      theme: el.getAttribute('theme'),
      background: getComputedStyle(el.shadowRoot!.querySelector('.widget')!).backgroundColor,
      text: getComputedStyle(el.shadowRoot!.querySelector('.widget')!).color,
    }));
    assert.deepEqual(dark, { theme: 'dark', background: 'rgb(43, 29, 14)', text: dark.text });
    assert.notEqual(dark.text, 'rgb(43, 29, 14)');
    await shot(page, 'demo-website-dark');
    await page.select('#theme', 'light');

    const files = [file('invoice.pdf', 300_000), file('photo of receipt.jpg', 120_000)];
    const zone = await inShadow(page, 'quatrix-widget', '[part=drop-zone]');
    const drag = { items: [], files: files.map((f) => f.path), dragOperationsMask: 1 };
    await zone!.dragEnter(drag);
    await zone!.dragOver(drag);
    await zone!.drop(drag);

    // The CAPTCHA dialog: a person ticks the box.
    const box = await inShadow(page, 'quatrix-widget', 'dialog[open] input[type=checkbox]');
    await shot(page, 'demo-website-captcha');
    await box!.click();
    await inShadow(page, 'quatrix-widget', '[part=success]', 30_000);
    assert.match(await text(page, 'quatrix-widget', '[part=success]'), /2 files were sent/);
    await shot(page, 'demo-website-sent');
    for (const f of files) assert.equal(await stored(DEMO.websiteFolder, f.path.split('/').pop()!), f.sha256);
    assert.deepEqual(errorsOf(page), []);
  });

  it('script tag: every element but the widget comes from a chunk of its own, when one is used', async () => {
    const page = await visitor();
    await page.goto(demo.pages.website);
    await page.waitForFunction(() => customElements.get('quatrix-widget') !== undefined);
    const defined = (): Promise<string[]> =>
      page.evaluate(() =>
        ['quatrix-file-request', 'quatrix-uploader', 'quatrix-request-files'].filter(
          (t) => customElements.get(t) !== undefined,
        ),
      );
    assert.deepEqual(await defined(), [], 'not fetched while the page has none');
    const scripts = (): Promise<string[]> =>
      page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
    assert.deepEqual(
      (await scripts()).filter((n) => /quatrix-(file-request|uploader|request-files)/.test(n)),
      [],
      'nor requested',
    );
    // Added to the document: fetched and defined.
    await page.evaluate(() => document.body.append(document.createElement('quatrix-request-files')));
    await page.waitForFunction(() => customElements.get('quatrix-request-files') !== undefined);
    // In another element's shadow root, which the file cannot see: the page asks for it.
    await page.evaluate(async () => {
      const host = document.body.appendChild(document.createElement('div'));
      host.attachShadow({ mode: 'open' }).append(document.createElement('quatrix-uploader'));
      const url = (document.querySelector('script[src$="quatrix-upload.js"]') as HTMLScriptElement).src;
      const file = (await import(url)) as { loadUploader(): Promise<void> };
      await file.loadUploader();
    });
    assert.deepEqual(await defined(), ['quatrix-uploader', 'quatrix-request-files']);
    // And the request page's element, the same way.
    await page.evaluate(() => document.body.append(document.createElement('quatrix-file-request')));
    await page.waitForFunction(() => customElements.get('quatrix-file-request') !== undefined);
    // Both upgraded: each has drawn itself.
    assert.ok(await page.$eval('quatrix-request-files', (el) => el.shadowRoot !== null));
    assert.deepEqual(errorsOf(page), []);
  });

  it("script tag: the built file speaks the element's language, by each sentence's own id", async () => {
    const page = await visitor();
    await page.goto(demo.pages.website);
    await inShadow(page, 'quatrix-widget', '[part=remaining]');
    await page.$eval('quatrix-widget', (el) => el.setAttribute('lang', 'de'));
    await page.waitForFunction(() =>
      document
        .querySelector('quatrix-widget')
        ?.shadowRoot?.querySelector('[part=remaining]')
        ?.textContent?.includes('Sie können noch'),
    );
    assert.match(await text(page, 'quatrix-widget', '[part=remaining]'), /Sie können noch 3 Dateien senden/);
    await shot(page, 'demo-website-de');
    // And right to left: the frame says so.
    await page.$eval('quatrix-widget', (el) => el.setAttribute('lang', 'ar'));
    await page.waitForFunction(
      () =>
        document
          .querySelector('quatrix-widget')
          ?.shadowRoot?.querySelector('[part=widget]')
          ?.getAttribute('dir') === 'rtl',
    );
    await shot(page, 'demo-website-ar');
    assert.deepEqual(errorsOf(page), []);
  });

  it('website: more files than the allowance are refused before sending, the allowed ones arrive', async () => {
    const page = await visitor();
    await page.goto(demo.pages.website);
    await inShadow(page, 'quatrix-widget', '[part=remaining]');
    const files = ['a', 'b', 'c', 'd'].map((n) => file(`over-${n}.txt`, 10_000));
    const [chooser] = await Promise.all([
      page.waitForFileChooser(),
      inShadow(page, 'quatrix-widget', '[part=drop-zone] button.primary').then((e) => e.click()),
    ]);
    await chooser.accept(files.map((f) => f.path));
    const box = await inShadow(page, 'quatrix-widget', 'dialog[open] input[type=checkbox]');
    await box!.click();
    await page.waitForFunction(
      () => {
        const root = document.querySelector('quatrix-widget')?.shadowRoot;
        const states = [...(root?.querySelectorAll('[part~=file]') ?? [])].map((li) =>
          li.getAttribute('data-status'),
        );
        return (
          states.length === 4 && states.filter((s) => s === 'done').length === 3 && states.includes('failed')
        );
      },
      { timeout: 30_000 },
    );
    const reason = await page.$eval('quatrix-widget', (el) =>
      el.shadowRoot!.querySelector('[data-status=failed] [part=file-error]')!.textContent!.trim(),
    );
    assert.equal(reason, 'No more files can be sent here.');
    await shot(page, 'demo-website-limit');
    const names = demo.emulator.files(DEMO.websiteFolder).map((f) => f.name);
    assert.equal(files.filter((f) => names.includes(f.path.split('/').pop()!)).length, 3);
  });

  it('file request: a wrong PIN is refused, the right one opens it; upload and send with a message', async () => {
    const page = await visitor();
    await page.goto(demo.pages.requestPin);
    const pin = await inShadow(page, 'quatrix-file-request', 'input[name=pin]');
    await pin!.type('1111');
    await page.keyboard.press('Enter');
    await inShadow(page, 'quatrix-file-request', '[part=pin-form] [role=alert]');
    // Select what was typed (as a triple click does) and type the right PIN over it.
    await pin!.evaluate((input) => (input as HTMLInputElement).select());
    await pin!.type(DEMO.requestPin.pin);
    await page.keyboard.press('Enter');
    await inShadow(page, 'quatrix-file-request', '[part=request]');
    assert.equal(await text(page, 'quatrix-file-request', '[part=headline]'), 'Signed contract');
    await shot(page, 'demo-request');

    const contract = file('contract signed.pdf', 250_000);
    await returnFiles(page, contract.path, 'Signed, with thanks.');
    await shot(page, 'demo-request-sent');
    const returns = demo.emulator.store.requests.get(DEMO.requestPin.id)!.returns;
    assert.equal(returns.length, 1);
    assert.equal(returns[0]!.message, 'Signed, with thanks.');
    assert.equal(await stored(DEMO.returnsFolder, 'contract signed.pdf'), contract.sha256);
    assert.deepEqual(errorsOf(page), []);
  });

  it('file request for encrypted files: the fingerprint on demand; sent encrypted, opened with the demo key', async () => {
    const page = await visitor();
    await page.goto(demo.pages.requestEncrypted);
    await inShadow(page, 'quatrix-file-request', '[part~=encryption]');
    const summary = await inShadow(page, 'quatrix-file-request', '[part=fingerprint] summary');
    await summary!.click();
    await inShadow(page, 'quatrix-file-request', '[part=fingerprint-value]');
    const armoredKey = readFileSync(join(ROOT, 'demo/keys/alice-demo-private.asc'), 'utf8');
    const key = await openpgp.readPrivateKey({ armoredKey });
    assert.equal(
      (await text(page, 'quatrix-file-request', '[part=fingerprint-value]')).replace(/\s/g, ''),
      key.getFingerprint().toUpperCase(),
    );
    await shot(page, 'demo-request-encrypted');
    const records = file('records.pdf', 200_000);
    await returnFiles(page, records.path);
    await shot(page, 'demo-request-encrypted-sent');
    const match = demo.emulator.files(DEMO.returnsFolder).find((f) => f.name === 'records.pdf.pgp');
    assert.ok(match, 'stored as records.pdf.pgp');
    const { data } = await openpgp.decrypt({
      message: await openpgp.readMessage({
        binaryMessage: Buffer.from(await demo.emulator.contentBase64(match.id), 'base64'),
      }),
      decryptionKeys: key,
      format: 'binary',
    });
    assert.equal(
      createHash('sha256')
        .update(data as Uint8Array)
        .digest('hex'),
      records.sha256,
    );
    assert.deepEqual(await demo.emulator.unencryptedReturns(DEMO.requestEncrypted), []);
    assert.deepEqual(errorsOf(page), []);
  });

  it('file request for signed-in recipients: sign in with a second factor, upload, send, sign out', async () => {
    const page = await visitor();
    await page.goto(demo.pages.requestSignIn);
    const email = await inShadow(page, 'quatrix-file-request', 'input[name=email]');
    await email!.type(DEMO.contact2fa.email);
    const password = await inShadow(page, 'quatrix-file-request', 'input[name=password]');
    await password!.type(DEMO.contact2fa.password);
    await shot(page, 'demo-request-sign-in');
    await page.keyboard.press('Enter');
    const code = await inShadow(page, 'quatrix-file-request', 'input[name=code]');
    await code!.type(DEMO.contact2fa.twoFactorCode);
    await page.keyboard.press('Enter');
    await inShadow(page, 'quatrix-file-request', '[part=request]');
    const report = file('audit report.pdf', 120_000);
    await returnFiles(page, report.path);
    await shot(page, 'demo-request-signed-in-sent');
    assert.equal(demo.emulator.store.requests.get(DEMO.requestSignIn)!.returns.length, 1);
    await inShadow(page, 'quatrix-file-request', '[part~=sign-out]').then((e) => e.click());
    await inShadow(page, 'quatrix-file-request', '[part=sign-in-form]');
    assert.deepEqual(errorsOf(page), []);
  });

  it('app: sign in, upload into a folder, and create a file request', async () => {
    const page = await visitor();
    await page.goto(demo.pages.app);
    await page.type('input[name=password]', DEMO.user.password);
    await page.click('#sign-in button[type=submit]');
    await inShadow(page, 'quatrix-uploader', '[part=quota]');
    // The session token went in as a property: no attribute, no URL carries it.
    const html = await page.content();
    const token = await page.$eval(
      'quatrix-uploader',
      (el) => (el as HTMLElementTagNameMap['quatrix-uploader']).sessionToken ?? '',
    );
    assert.ok(token.length > 8);
    assert.ok(!html.includes(token));

    const report = file('report.txt', 50_000);
    const [chooser] = await Promise.all([
      page.waitForFileChooser(),
      inShadow(page, 'quatrix-uploader', '[part=drop-zone] button.primary').then((e) => e.click()),
    ]);
    await chooser.accept([report.path]);
    await inShadow(page, 'quatrix-uploader', '[part~=file-done]', 30_000);
    assert.equal(await stored(DEMO.uploadFolder, 'report.txt'), report.sha256);

    await inShadow(page, 'quatrix-request-files', '[part=contacts] input[type=checkbox]').then((e) =>
      e.click(),
    );
    await inShadow(page, 'quatrix-request-files', 'button.primary').then((e) => e.click());
    await inShadow(page, 'quatrix-request-files', '[part=link]');
    const link = await page.$eval(
      'quatrix-request-files',
      (el) => el.shadowRoot!.querySelector<HTMLInputElement>('[part=link] input')!.value,
    );
    assert.ok(link.startsWith(`${demo.url}/request/?id=`), link);
    await shot(page, 'demo-app');
    assert.deepEqual(errorsOf(page), []);
  });

  it('app: after a reload, "Continue uploads" goes on from where a dropped file stopped, without choosing it again', async () => {
    const page = await visitor();
    /** Signs in to the app with small chunks, so that a part of the file is confirmed before the reload. */
    const signIn = async (): Promise<void> => {
      await page.goto(demo.pages.app);
      await page.$eval('quatrix-uploader', (el) => {
        (el as HTMLElementTagNameMap['quatrix-uploader']).chunkSize = 256 * 1024;
      });
      await page.type('input[name=password]', DEMO.user.password);
      await page.click('#sign-in button[type=submit]');
      await inShadow(page, 'quatrix-uploader', '[part=quota]');
    };
    await signIn();
    // A dropped folder as Chromium hands it over: real handles (of the origin's private file system,
    // which a test can write), given with the file as a drop gives them.
    const sha256 = await page.evaluate(async () => {
      const root = await navigator.storage.getDirectory();
      const dir = await root.getDirectoryHandle('dropped', { create: true });
      const bytes = new Uint8Array(4_000_000).map((_, i) => (i * 7 + 3) % 256);
      const writable = await (await dir.getFileHandle('scan.pdf', { create: true })).createWritable();
      await writable.write(bytes);
      await writable.close();
      const file = await (await dir.getFileHandle('scan.pdf')).getFile();
      const uploader = document.querySelector('quatrix-uploader')!;
      uploader.addFiles([
        { file, relativePath: 'dropped/scan.pdf', source: { handle: dir, path: ['scan.pdf'] } },
      ]);
      const digest = await crypto.subtle.digest('SHA-256', bytes);
      return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
    });
    // Slow enough to reload half-way: 1 MB/s up.
    const cdp = await page.createCDPSession();
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: 50_000_000,
      uploadThroughput: 1_000_000,
    });
    await page.waitForFunction(
      () => {
        const el = document.querySelector('quatrix-uploader')!.shadowRoot!;
        return (el.querySelector<HTMLProgressElement>('[part~=file-progress]')?.value ?? 0) >= 25;
      },
      { timeout: 30_000 },
    );
    const linksBefore = demo.emulator.requests.filter((r) => r.path.endsWith('/upload/link')).length;
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });

    await page.reload();
    await signIn();
    const button = await inShadow(page, 'quatrix-uploader', '[part~=continue]');
    await shot(page, 'demo-app-continue');
    await button.click();
    await inShadow(page, 'quatrix-uploader', '[part~=file-done]', 30_000);
    assert.equal(await stored(DEMO.uploadFolder, 'scan.pdf'), sha256);
    // The same upload went on: no new reservation, and no second copy.
    assert.equal(demo.emulator.requests.filter((r) => r.path.endsWith('/upload/link')).length, linksBefore);
    assert.equal(demo.emulator.files(DEMO.uploadFolder).filter((f) => f.name.startsWith('scan')).length, 1);
    assert.deepEqual(errorsOf(page), []);
  });
});
