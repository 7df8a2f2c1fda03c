import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'puppeteer-core';
import { launchChromium, servePage } from '../../bench/harness.js';
import type {} from './react-page.js';
import type { QuatrixEmulator } from '../../demo/emulator/index.js';
import { ALICE, IDS } from '../fixtures/seed.js';
import { startEmulator } from '../helpers/emulator.js';

const here = path.dirname(new URL(import.meta.url).pathname);

// React's own packages are CommonJS, so this page is bundled by Vite (as a React app would be) and
// run in Chromium, instead of through the browser test runner.
describe('React wrappers (quatrix-upload/react) in a React app', () => {
  let emu: QuatrixEmulator;
  let browser: Browser;
  let page: { url: string; close(): Promise<void> };

  before(async () => {
    emu = await startEmulator();
    page = await servePage(path.join(here, 'react-page.ts'), {
      define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await page?.close();
    await emu?.close();
  });

  it('should pass properties, deliver typed events to on… props, and keep secrets out of the markup', async () => {
    const tab = await browser.newPage();
    const errors: string[] = [];
    tab.on('pageerror', (e) => errors.push(String(e)));
    await tab.goto(page.url);
    await tab.waitForFunction(() => 'runReactCheck' in window);
    const result = await tab.evaluate(
      (site, widgetId, folderId, apiKey) => window.runReactCheck(site, widgetId, folderId, apiKey),
      emu.url,
      IDS.widgetOpen,
      IDS.inbox,
      ALICE.apiKey,
    );
    assert.deepEqual(errors, []);
    assert.deepEqual(result.eventProps, {
      onFileDone: 'quatrix-file-done',
      onAllDone: 'quatrix-all-done',
      onCaptchaNeeded: 'quatrix-captcha-needed',
    });
    assert.equal(result.widgetIdProperty, IDS.widgetOpen);
    assert.deepEqual(result.added, ['from-react.bin']);
    assert.deepEqual(result.successful, ['from-react.bin']);
    assert.equal(result.apiKeyProperty, ALICE.apiKey);
    assert.equal(result.apiKeyInMarkup, false);
    assert.equal(result.quotaShown, true);
    assert.ok(emu.files(IDS.inbox).some((f) => f.name === 'from-react.bin'));
  });
});
