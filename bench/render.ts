/**
 * `npm run bench:render`: adds 1,000 files to a `<quatrix-widget>` in headless Chromium and measures the
 * time until the list is rendered and the longest main-thread task while they upload to the emulator.
 * Goals: render <= 150 ms, no task over 50 ms. BENCH_FILES (default 1000) and BENCH_REPS (default 5).
 */
import { readFile, rm, mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import { build } from 'vite';
import { QuatrixEmulator } from '../demo/emulator/index.js';
import { CHROMIUM_FLAGS, ensureChromium } from '../scripts/ensure-chromium.mjs';
import type { RenderRun } from './render-page.js';

const FILES = Number(process.env.BENCH_FILES ?? 1000);
const REPS = Number(process.env.BENCH_REPS ?? 5);
const here = path.dirname(new URL(import.meta.url).pathname);
const USER = '7a1e0000-0000-4000-8000-000000000001';
const HOME = '7a1e0000-0000-4000-8000-000000000002';
const FOLDER = '7a1e0000-0000-4000-8000-000000000003';
const WIDGET = '7a1e0000-0000-4000-8000-000000000004';

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function main(): Promise<void> {
  const chromium = ensureChromium();
  const outDir = await mkdtemp(path.join(tmpdir(), 'quatrix-bench-render-'));
  // A production build, as a site would ship it (no Lit dev mode).
  await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      lib: { entry: path.join(here, 'render-page.ts'), formats: ['es'], fileName: () => 'page.js' },
    },
  });
  const pages = createServer(async (req, res) => {
    if (req.url?.startsWith('/page.js')) {
      res
        .writeHead(200, { 'Content-Type': 'text/javascript' })
        .end(await readFile(path.join(outDir, 'page.js')));
    } else {
      res
        .writeHead(200, { 'Content-Type': 'text/html' })
        .end(
          '<!doctype html><meta charset="utf-8"><script type="module" src="/page.js"></script><body></body>',
        );
    }
  });
  await new Promise<void>((r) => pages.listen(0, '127.0.0.1', r));
  const pageUrl = `http://127.0.0.1:${(pages.address() as AddressInfo).port}/`;
  const emulator = await QuatrixEmulator.start({
    seed: {
      account: { title: 'Bench', language: 'en' },
      defaultLanguage: 'en',
      languages: [{ id: 'en', name: 'English' }],
      users: [{ id: USER, email: 'bench@example.com', password: 'x', name: 'Bench', homeId: HOME }],
      folders: [{ id: FOLDER, parent: HOME, name: 'Bench' }],
      widgets: [
        { id: WIDGET, owner: USER, folder: FOLDER, captcha: 'none', filesPerSession: FILES * (REPS + 2) },
      ],
    },
  });
  const browser = await puppeteer.launch({
    executablePath: chromium,
    headless: true,
    args: [...CHROMIUM_FLAGS],
  });
  try {
    const runs: RenderRun[] = [];
    console.log(
      `bench:render ${FILES} files added at once to <quatrix-widget>, a warm-up and ${REPS} runs, ${await browser.version()}`,
    );
    for (let rep = -1; rep < REPS; rep++) {
      const page = await browser.newPage();
      page.on('console', (m) => process.env.BENCH_DEBUG && console.log('page:', m.text()));
      page.on('pageerror', (e) => console.error('page error:', e));
      await page.setViewport({ width: 1280, height: 900 });
      await page.goto(pageUrl);
      await page.waitForFunction(() => 'benchRender' in window);
      const run = await page.evaluate(
        (site, widget, count) => window.benchRender.run(site, widget, count),
        emulator.url,
        WIDGET,
        FILES,
      );
      await page.close();
      if (run.uploaded !== FILES) throw new Error(`only ${run.uploaded} of ${FILES} files were uploaded`);
      console.log(
        `  ${rep < 0 ? 'warm-up' : `run ${rep + 1}`}  render ${run.renderMs.toFixed(1)} ms  longest task ${run.longestTaskMs.toFixed(1)} ms  (${run.longTasks} tasks over 50 ms)`,
      );
      if (rep >= 0) runs.push(run);
    }
    const render = median(runs.map((r) => r.renderMs));
    const longest = median(runs.map((r) => r.longestTaskMs));
    console.log(
      `\nmedian render ${render.toFixed(1)} ms (goal <= 150), median longest task ${longest.toFixed(1)} ms (goal: none over 50)`,
    );
    console.log(`bench:render render_ms=${Math.round(render)} longest_task_ms=${Math.round(longest)}`);
  } finally {
    await browser.close();
    await emulator.close();
    pages.close();
    await rm(outDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
