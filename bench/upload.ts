/**
 * `npm run bench:upload`: the same in-page Blob uploaded, in headless Chromium over loopback,
 * (a) as one raw PUT to the emulator's bench endpoint (the ceiling), (b) through the engine with the
 * quatrix transport and its defaults (one chunk at a time, in order), (c) the same with the opt-in
 * `overlapChunks`, (d) through the engine with the tus transport, interleaved, several times. The
 * emulator places chunks by `Content-Range` here, so that (c) can overlap at all; (b) sends in order,
 * which a server that appends takes the same way. The ceiling and the chunk endpoint write the same
 * way (batched positional writes, demo/emulator/write-at.ts): they do the same work per byte.
 * Prints medians with min–max, ratios to the ceiling computed within each round, and the page's peak
 * JS heap growth. Every run is verified by hashing the stored file on the server afterwards.
 *
 * BENCH_MIB (default 512) and BENCH_REPS (default 5) change the size and the number of rounds;
 * BENCH_CHUNK_MIB fixes the engine's chunk size instead of adapting it; BENCH_TRACE=1 prints every
 * request of the quatrix runs with its start and end times.
 */
import { createHash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { QuatrixEmulator } from '../demo/emulator/index.js';
import { ensureChromium } from '../scripts/ensure-chromium.mjs';
import { block } from './bytes.js';
import { BENCH, benchSeed, launchChromium, median, servePage } from './harness.js';
import type { BenchCase, BenchRun } from './page.js';

const MIB = Number(process.env.BENCH_MIB ?? 512);
const REPS = Number(process.env.BENCH_REPS ?? 5);
const CHUNK_MIB = process.env.BENCH_CHUNK_MIB ? Number(process.env.BENCH_CHUNK_MIB) : undefined;
const SEED = 12345;
const here = path.dirname(new URL(import.meta.url).pathname);

function expectedSha256(): string {
  const one = block(SEED);
  const hash = createHash('sha256');
  for (let i = 0; i < MIB; i++) hash.update(one);
  return hash.digest('hex');
}

const fmt = (x: number, digits = 1): string => x.toFixed(digits);

async function main(): Promise<void> {
  ensureChromium(); // install or say what to run, before any work
  const expected = expectedSha256();

  // The page bundle: the engine as an application would ship it.
  const page0 = await servePage(path.join(here, 'page.ts'), { minify: false });
  const pageUrl = page0.url;
  const emulator = await QuatrixEmulator.start({
    benchEndpoint: true,
    seed: benchSeed(),
    chunkLimits: { order: 'by-range' },
  });

  const browser = await launchChromium(['--enable-precise-memory-info', '--js-flags=--expose-gc']);
  try {
    const page = await browser.newPage();
    page.setDefaultTimeout(0);
    await page.goto(pageUrl);
    await page.waitForFunction(() => 'bench' in window);
    // Large Blobs made in the first seconds after launch can come out broken: give the browser time.
    await new Promise((r) => setTimeout(r, 4000));
    const size = await page.evaluate((mib, seed) => window.bench.prepare(mib, seed), MIB, SEED);
    if (size !== MIB * 1024 * 1024) throw new Error(`the in-page Blob has ${size} bytes`);

    const kinds: BenchCase['kind'][] = ['ceiling', 'quatrix', 'overlap', 'tus'];
    const results: Record<BenchCase['kind'], Array<BenchRun & { mbps: number; largestChunk: number }>> = {
      ceiling: [],
      quatrix: [],
      overlap: [],
      tus: [],
    };
    console.log(
      `bench:upload ${MIB} MiB in-page Blob, ${REPS} interleaved rounds, Chromium ${await browser.version()}`,
    );
    // Round 0 warms the browser, the server and the disk cache up; it is not counted.
    for (let rep = -1; rep < REPS; rep++) {
      for (const kind of kinds) {
        const logFrom = emulator.requests.length;
        const c: BenchCase = {
          kind,
          site: emulator.url,
          apiKey: BENCH.apiKey,
          folderId: BENCH.folder,
          name: `${kind}-${rep}.bin`,
          chunkSize: CHUNK_MIB && CHUNK_MIB * 1024 * 1024,
        };
        const run = await page.evaluate((x) => window.bench.run(x), c);
        const stored =
          kind === 'ceiling'
            ? emulator.benchPath(run.id)
            : kind === 'tus'
              ? emulator.tusPath(run.id)
              : emulator.store.diskPath(run.id);
        const actual = await QuatrixEmulator.hashFile(stored);
        if (actual !== expected)
          throw new Error(`${kind} round ${rep}: the stored file differs from the Blob`);
        if (kind === 'quatrix' || kind === 'overlap') await emulator.deleteFile(run.id);
        else await rm(stored, { force: true });
        if (kind === 'tus') await rm(`${stored}.json`, { force: true });
        const ranges = emulator.requests
          .slice(logFrom)
          .map((r) => /bytes (\d+)-(\d+)/.exec(r.contentRange ?? ''))
          .filter((m): m is RegExpExecArray => m !== null)
          .map((m) => Number(m[2]) - Number(m[1]) + 1);
        if (process.env.BENCH_TRACE && kind === 'quatrix') {
          const log = emulator.requests.slice(logFrom);
          const t0 = log[0]?.startedAt ?? 0;
          for (const r of log)
            console.log(
              `    ${r.method} ${r.path.slice(0, 40)} ${r.contentRange ?? ''} ${r.startedAt - t0}-${r.finishedAt - t0} ms`,
            );
          console.log(`    page measured ${run.ms.toFixed(0)} ms`);
        }
        const mbps = (MIB * 1024 * 1024) / 1e6 / (run.ms / 1000);
        if (rep >= 0)
          results[kind].push({ ...run, mbps, largestChunk: ranges.length ? Math.max(...ranges) : 0 });
        console.log(
          `  ${rep < 0 ? 'warm-up' : `round ${rep + 1}`} ${kind.padEnd(7)} ${fmt(mbps).padStart(7)} MB/s  heap +${fmt((run.heapPeak - run.heapBaseline) / 2 ** 20)} MiB` +
            (ranges.length
              ? `  ${ranges.length} chunks, largest ${fmt(Math.max(...ranges) / 2 ** 20, 0)} MiB`
              : ''),
        );
      }
    }

    const ratio = (kind: 'quatrix' | 'overlap' | 'tus'): number[] =>
      results[kind].map((r, i) => r.mbps / results.ceiling[i]!.mbps);
    console.log(
      '\ncase      median MB/s (min–max)        ratio to ceiling, median (min–max)   peak heap growth',
    );
    for (const kind of kinds) {
      const mbps = results[kind].map((r) => r.mbps);
      const growth = results[kind].map((r) => (r.heapPeak - r.heapBaseline) / 2 ** 20);
      const ratios = kind === 'ceiling' ? undefined : ratio(kind);
      console.log(
        `${kind.padEnd(9)} ${fmt(median(mbps)).padStart(7)} (${fmt(Math.min(...mbps))}–${fmt(Math.max(...mbps))})`.padEnd(
          38,
        ) +
          (ratios
            ? `${fmt(median(ratios), 2)} (${fmt(Math.min(...ratios), 2)}–${fmt(Math.max(...ratios), 2)})`
            : '1.00'
          ).padEnd(37) +
          `${fmt(median(growth))} MiB (max ${fmt(Math.max(...growth))})`,
      );
    }
    const engineGrowth = [...results.quatrix, ...results.overlap, ...results.tus].map(
      (r) => (r.heapPeak - r.heapBaseline) / 2 ** 20,
    );
    const largest = Math.max(...results.quatrix.map((r) => r.largestChunk)) / 2 ** 20;
    console.log(
      `\nheap goal for the quatrix transport: <= 2 x largest chunk (${fmt(largest, 0)} MiB) + 32 MiB = ${fmt(2 * largest + 32, 0)} MiB`,
    );
    console.log(
      `bench:upload ratio_quatrix=${fmt(median(ratio('quatrix')), 2)} ratio_overlap=${fmt(median(ratio('overlap')), 2)} ratio_tus=${fmt(median(ratio('tus')), 2)} heap_growth_mib=${fmt(median(engineGrowth), 0)}`,
    );
  } finally {
    await browser.close();
    await emulator.close();
    await page0.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
