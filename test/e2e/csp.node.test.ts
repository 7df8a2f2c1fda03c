import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'puppeteer-core';
import { launchChromium, servePage } from '../../bench/harness.js';
import type {} from './csp-page.js';
import type { QuatrixEmulator } from '../../demo/emulator/index.js';
import { ALICE, IDS } from '../fixtures/seed.js';
import { startEmulator } from '../helpers/emulator.js';

const here = path.dirname(new URL(import.meta.url).pathname);

describe('elements under a strict Content-Security-Policy with Trusted Types', () => {
  let emu: QuatrixEmulator;
  let browser: Browser;
  let page: { url: string; close(): Promise<void> };

  before(async () => {
    emu = await startEmulator();
    const policy = [
      "default-src 'none'",
      "script-src 'self'",
      "style-src 'self'",
      `connect-src ${emu.url}`,
      "img-src 'self'",
      "require-trusted-types-for 'script'",
      'trusted-types lit-html',
    ].join('; ');
    page = await servePage(path.join(here, 'csp-page.ts'), {
      headers: { 'Content-Security-Policy': policy },
    });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await page?.close();
    await emu?.close();
  });

  it('should run every element, upload through the widget and the uploader, with no violation', async () => {
    const tab = await browser.newPage();
    const errors: string[] = [];
    tab.on('pageerror', (e) => errors.push(String(e)));
    await tab.goto(page.url);
    await tab.waitForFunction(() => customElements.get('quatrix-widget') !== undefined);
    await tab.waitForFunction(() => 'runCspCheck' in window);
    const result = await tab.evaluate(
      (site, widgetId, folderId, requestId, apiKey) =>
        window.runCspCheck(site, widgetId, folderId, requestId, apiKey),
      emu.url,
      IDS.widgetOpen,
      IDS.inbox,
      IDS.request,
      ALICE.apiKey,
    );
    await tab.close();
    assert.deepEqual(errors, []);
    assert.equal(result.enforced, true, 'Trusted Types are enforced on the page');
    assert.deepEqual(result.violations, []);
    assert.equal(result.viaWidget, 1);
    assert.equal(result.viaUploader, 1);
    assert.equal(result.rendered, 4, 'all four elements rendered');
    assert.ok(emu.files(IDS.inbox).some((f) => f.name === '<img src=x onerror=alert(1)>.txt'));
  });
});
