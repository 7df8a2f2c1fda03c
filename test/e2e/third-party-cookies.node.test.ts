import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import puppeteer, { type Browser } from 'puppeteer-core';
import { servePage } from '../../bench/harness.js';
import type { QuatrixEmulator } from '../../demo/emulator/index.js';
import { CHROMIUM_FLAGS, ensureChromium } from '../../scripts/ensure-chromium.mjs';
import { IDS } from '../fixtures/seed.js';
import { startEmulator } from '../helpers/emulator.js';
import type {} from './cookies-page.js';

const here = path.dirname(new URL(import.meta.url).pathname);

/**
 * A site on 127.0.0.1 embeds the widget of a Quatrix site on 127.0.0.2: two sites, so the Quatrix
 * site's cookie is a third-party cookie, which this browser profile blocks (as Safari and Firefox do by
 * default). The visitor session must travel in the `X-Auth-Token` header alone.
 */
describe('the public widget with third-party cookies blocked', () => {
  let emu: QuatrixEmulator;
  let browser: Browser;
  let profile: string;
  let page: { url: string; close(): Promise<void> };

  before(async () => {
    // A cookie that would work across sites, were third-party cookies allowed.
    emu = await startEmulator({ host: '127.0.0.2', cookieSameSite: 'None' });
    page = await servePage(path.join(here, 'cookies-page.ts'));
    profile = await mkdtemp(path.join(tmpdir(), 'quatrix-profile-'));
    await mkdir(path.join(profile, 'Default'));
    // Chromium's own setting "Block third-party cookies" (cookie_controls_mode 1).
    await writeFile(
      path.join(profile, 'Default', 'Preferences'),
      JSON.stringify({ profile: { cookie_controls_mode: 1, block_third_party_cookies: true } }),
    );
    browser = await puppeteer.launch({
      executablePath: ensureChromium(),
      headless: true,
      userDataDir: profile,
      args: [...CHROMIUM_FLAGS],
    });
  });
  after(async () => {
    await browser?.close();
    await page?.close();
    await emu?.close();
    if (profile) await rm(profile, { recursive: true, force: true });
  });

  it('should pass the CAPTCHA and send a file, keeping the visitor session without a cookie', async () => {
    assert.ok(emu.url.startsWith('http://127.0.0.2:'), 'the Quatrix site is on a site of its own');
    const tab = await browser.newPage();
    const errors: string[] = [];
    tab.on('pageerror', (e) => errors.push(String(e)));
    await tab.goto(page.url);
    await tab.waitForFunction(() => 'sendThroughWidget' in window);
    const result = await tab.evaluate(
      (site, widgetId) => window.sendThroughWidget(site, widgetId),
      emu.url,
      IDS.widgetCaptcha,
    );
    const cdp = await tab.createCDPSession();
    const { cookies } = (await cdp.send('Network.getCookies', { urls: [emu.url] })) as {
      cookies: unknown[];
    };
    await tab.close();
    assert.deepEqual(errors, []);
    assert.equal(cookies.length, 0, 'the browser stored no cookie of the Quatrix site: blocking is on');
    assert.deepEqual(result, { sent: 1, failed: [] });
    const stored = emu.files(IDS.inbox).filter((f) => f.name === 'note.txt');
    assert.equal(stored.length, 1);
  });
});
