/**
 * `npm run bench:render`: adds 1,000 files to a `<quatrix-widget>` in headless Chromium and measures the
 * time until the list is rendered and the longest main-thread task while they upload to the emulator.
 * Goals: render <= 150 ms, no task over 50 ms. BENCH_FILES (default 1000) and BENCH_REPS (default 5).
 */
import path from 'node:path';
import { QuatrixEmulator } from '../demo/emulator/index.js';
import { ensureChromium } from '../scripts/ensure-chromium.mjs';
import { BENCH, benchSeed, launchChromium, median, servePage } from './harness.js';
import type { RenderRun } from './render-page.js';

const FILES = Number(process.env.BENCH_FILES ?? 1000);
const REPS = Number(process.env.BENCH_REPS ?? 5);
const here = path.dirname(new URL(import.meta.url).pathname);

async function main(): Promise<void> {
  ensureChromium(); // install or say what to run, before any work
  const served = await servePage(path.join(here, 'render-page.ts'));
  const pageUrl = served.url;
  const emulator = await QuatrixEmulator.start({
    seed: benchSeed([
      {
        id: BENCH.widget,
        owner: BENCH.user,
        folder: BENCH.folder,
        captcha: 'none',
        filesPerSession: FILES * (REPS + 2),
      },
    ]),
  });
  const browser = await launchChromium();
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
        BENCH.widget,
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
    await served.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
