/**
 * `npm run bench:render`: adds files at once to a `<quatrix-widget>` in headless Chromium and measures the
 * time until the list is rendered (the add is one task: its length is printed), the longest main-thread
 * task while they upload to the emulator after that, and the JS heap the list and the engine take
 * (Chromium's precise memory info). Two cases: 1,000 files
 * (BENCH_FILES) in BENCH_REPS (5) runs, then a dropped folder of 10,000 files in 100 sub-folders
 * (BENCH_BIG_FILES) in BENCH_BIG_REPS (1) runs, each after a warm-up. Goals: render <= 150 ms, no task
 * over 50 ms while they upload, heap growth <= 50 MB for 10,000 files.
 */
import path from 'node:path';
import { QuatrixEmulator } from '../demo/emulator/index.js';
import { ensureChromium } from '../scripts/ensure-chromium.mjs';
import { BENCH, benchSeed, launchChromium, median, servePage } from './harness.js';
import type { RenderRun } from './render-page.js';

const FILES = Number(process.env.BENCH_FILES ?? 1000);
const REPS = Number(process.env.BENCH_REPS ?? 5);
const BIG_FILES = Number(process.env.BENCH_BIG_FILES ?? 10_000);
const BIG_REPS = Number(process.env.BENCH_BIG_REPS ?? 1);
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
        filesPerSession: FILES * (REPS + 1) + BIG_FILES * (BIG_REPS + 1),
      },
    ]),
  });
  const browser = await launchChromium(['--enable-precise-memory-info', '--js-flags=--expose-gc']);
  try {
    console.log(`bench:render files added at once to <quatrix-widget>, ${await browser.version()}`);
    /** A warm-up and `reps` runs of `count` files (a dropped folder when `folder`): the runs' medians. */
    const measure = async (count: number, reps: number, folder: boolean): Promise<RenderRun> => {
      console.log(`${count} files${folder ? ' in a dropped folder' : ''}, a warm-up and ${reps} runs`);
      const runs: RenderRun[] = [];
      for (let rep = -1; rep < reps; rep++) {
        const page = await browser.newPage();
        page.on('console', (m) => process.env.BENCH_DEBUG && console.log('page:', m.text()));
        page.on('pageerror', (e) => console.error('page error:', e));
        await page.setViewport({ width: 1280, height: 900 });
        await page.goto(pageUrl);
        await page.waitForFunction(() => 'benchRender' in window);
        const run = await page.evaluate(
          (site, widget, n, f) => window.benchRender.run(site, widget, n, f),
          emulator.url,
          BENCH.widget,
          count,
          folder,
        );
        await page.close();
        if (run.uploaded !== count) throw new Error(`only ${run.uploaded} of ${count} files were uploaded`);
        console.log(
          `  ${rep < 0 ? 'warm-up' : `run ${rep + 1}`}  render ${run.renderMs.toFixed(1)} ms (add task ${run.addTaskMs.toFixed(1)} ms)  longest task uploading ${run.longestTaskMs.toFixed(1)} ms  (${run.longTasks} tasks over 50 ms)  heap +${run.heapPeakMb.toFixed(1)} MB at most, +${run.heapEndMb.toFixed(1)} MB at the end, +${run.heapKeptMb.toFixed(1)} MB kept`,
        );
        if (rep >= 0) runs.push(run);
      }
      const m = (pick: (r: RenderRun) => number): number => median(runs.map(pick));
      const result = {
        renderMs: m((r) => r.renderMs),
        addTaskMs: m((r) => r.addTaskMs),
        longestTaskMs: m((r) => r.longestTaskMs),
        longTasks: m((r) => r.longTasks),
        uploaded: count,
        heapPeakMb: m((r) => r.heapPeakMb),
        heapEndMb: m((r) => r.heapEndMb),
        heapKeptMb: m((r) => r.heapKeptMb),
      };
      console.log(
        `  median render ${result.renderMs.toFixed(1)} ms (goal <= 150), longest task uploading ${result.longestTaskMs.toFixed(1)} ms (goal: none over 50), heap +${result.heapPeakMb.toFixed(1)} MB at most, +${result.heapKeptMb.toFixed(1)} MB kept (goal <= 50 for 10,000)`,
      );
      return result;
    };
    const small = await measure(FILES, REPS, false);
    const big = await measure(BIG_FILES, BIG_REPS, true);
    console.log(
      `bench:render render_ms=${Math.round(small.renderMs)} longest_task_ms=${Math.round(small.longestTaskMs)} ` +
        `render_10k_ms=${Math.round(big.renderMs)} add_task_10k_ms=${Math.round(big.addTaskMs)} ` +
        `longest_task_10k_ms=${Math.round(big.longestTaskMs)} long_tasks_10k=${big.longTasks} ` +
        `heap_10k_mb=${big.heapKeptMb.toFixed(1)} heap_peak_10k_mb=${big.heapPeakMb.toFixed(1)}`,
    );
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
