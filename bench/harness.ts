/**
 * What the benchmarks and the browser-driving Node tests share: the bench seed, a built page served on
 * loopback, Debian's Chromium launched with the flags that work here, and medians.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { build } from 'vite';
import { CHROMIUM_FLAGS, ensureChromium } from '../scripts/ensure-chromium.mjs';
import type { Seed, SeedWidget } from '../demo/emulator/seed.js';

export const BENCH = {
  user: '7a1e0000-0000-4000-8000-000000000001',
  home: '7a1e0000-0000-4000-8000-000000000002',
  folder: '7a1e0000-0000-4000-8000-000000000003',
  widget: '7a1e0000-0000-4000-8000-000000000004',
  apiKey: 'bench-api-key',
} as const;

/** One user with an API key and a folder, plus the given widgets. */
export function benchSeed(widgets: SeedWidget[] = []): Seed {
  return {
    account: { title: 'Bench', language: 'en' },
    defaultLanguage: 'en',
    languages: [{ id: 'en', name: 'English' }],
    users: [
      {
        id: BENCH.user,
        email: 'bench@example.com',
        password: 'x',
        name: 'Bench',
        homeId: BENCH.home,
        apiKeys: [BENCH.apiKey],
      },
    ],
    folders: [{ id: BENCH.folder, parent: BENCH.home, name: 'Bench' }],
    widgets,
  };
}

/**
 * Builds `entry` with Vite as an application would ship it (production mode) and serves it on
 * 127.0.0.1 from a page that loads it; answers the page URL.
 */
export async function servePage(
  entry: string,
  options: { minify?: boolean; headers?: Record<string, string>; define?: Record<string, string> } = {},
): Promise<{ url: string; close(): Promise<void> }> {
  const outDir = await mkdtemp(path.join(tmpdir(), 'quatrix-bench-'));
  await build({
    configFile: false,
    logLevel: 'warn',
    define: options.define ?? {},
    build: {
      outDir,
      emptyOutDir: true,
      minify: options.minify ?? true,
      target: 'es2022',
      lib: { entry, formats: ['es'], fileName: () => 'page.js' },
    },
  });
  const server = createServer(async (req, res) => {
    const name = path.basename(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    if (name.endsWith('.js')) {
      const body = await readFile(path.join(outDir, name)).catch(() => undefined);
      res
        .writeHead(body ? 200 : 404, { 'Content-Type': 'text/javascript', ...options.headers })
        .end(body ?? '');
    } else {
      res
        .writeHead(200, { 'Content-Type': 'text/html', ...options.headers })
        .end(
          '<!doctype html><meta charset="utf-8"><script type="module" src="/page.js"></script><body></body>',
        );
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: async () => {
      server.close();
      await rm(outDir, { recursive: true, force: true });
    },
  };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * A new tab on a bench page, ready once its script has set `window[ready]`: no time limit on its calls
 * (a bench may work for minutes in one), and its errors printed.
 */
export async function openBenchPage(browser: Browser, url: string, ready: string): Promise<Page> {
  const page = await browser.newPage();
  page.setDefaultTimeout(0);
  page.on('pageerror', (error) => console.error('page error:', error));
  await page.goto(url);
  await page.waitForFunction((name) => name in window, {}, ready);
  return page;
}

/** Debian's Chromium, headless, with the project's flags (never a downloaded browser). */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return puppeteer.launch({
    executablePath: ensureChromium(),
    headless: true,
    args: [...CHROMIUM_FLAGS, ...extraArgs],
    // A bench's page may work for minutes in one call (10,000 files uploaded): not a protocol fault.
    protocolTimeout: 30 * 60_000,
  });
}
