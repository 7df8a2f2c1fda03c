/**
 * `npm run bench:files`: many small files, as a person drops a folder of documents and photos. 300 files
 * (BENCH_FILES) of 16 KiB–1 MiB, log-uniform from a fixed seed (bench/files-set.ts: the same files every
 * run), sent by the engine in headless Chromium to the emulator, for the widget target (public, as
 * `<quatrix-widget>` does) and the folder target (a session token, as `<quatrix-uploader>` does), with
 * 0, 25 and 50 ms added to every request (BENCH_LATENCIES), CORS preflights included. The page and the
 * emulator are two origins (two ports of 127.0.0.1), as a widget on a customer's site and its Quatrix
 * site are: Chromium sends preflights as it would there.
 *
 * Per case: files/s, seconds, the requests per file the server counted (preflights included), and the
 * ratio to the protocol floor, computed within each round. A naive sequential run (the engine sending
 * one file at a time, `concurrency: 1, smallFileConcurrency: 1`) stands beside them for contrast
 * (BENCH_SEQUENTIAL, default `widget@50`: target@latency, comma-separated, empty for none), in the
 * first BENCH_SEQUENTIAL_REPS rounds (default 1: at 50 ms one sequential run takes about 80 s). The cases
 * are interleaved, BENCH_REPS rounds (default 3) after a short warm-up; medians with min–max.
 * Every run is verified after its timed window: exactly BENCH_FILES files in the folder, no duplicate
 * and no unfinished reservation, each byte-identical (SHA-256) to what was sent. BENCH_TRACE=1 prints
 * the first 40 requests of each run with their times.
 *
 * The protocol floor. The API page (../shared/quatrix-api/README.md) needs per file:
 *   - widget: `POST /widget/upload-link/{widget}` → `POST /upload/chunked/{key}` (one chunk: every file
 *     here is below the engine's smallest chunk) → `GET /widget/finalize-upload/{key}`; each waits for
 *     the answer before it. The chunk carries `Content-Range` (required by the API, not a
 *     CORS-safelisted header), and its URL holds the upload key, new for every file, so its preflight
 *     cannot be cached: one preflight per file. Upload-link's URL is the same for every file, so its
 *     preflight is cached (`Access-Control-Max-Age`) and costs nothing per file. Finalize is a GET of
 *     a public endpoint whose key is its authority: it needs no header that is not safelisted, hence no
 *     preflight. Floor: 4 requests per file.
 *   - folder: `POST /upload/link` → chunk → `GET /upload/finalize/{key}?mtime=`. Finalize is an
 *     authenticated call on a URL new for every file: the session goes in `X-Auth-Token` (a cookie
 *     cannot be relied on across sites), so it needs its preflight; so does the chunk. Upload-link's
 *     preflight is cached. Floor: 5 requests per file.
 * Each of those requests takes at least the added latency, and Chromium opens at most 6 connections to
 * one origin (HTTP/1.1), so N files take at least requests × latency × N ÷ 6; and never less than the
 * bytes at the ceiling throughput, measured in the same round as one raw PUT of all the files' bytes
 * (the emulator's bench endpoint, which writes as the chunk endpoint does). Floor = the larger of the
 * two; at 0 ms, the bytes term. A reference rather than a hard bound: Chromium keeps its 6 connections
 * per socket group, and requests with credentials and without (chunks go without) are different groups,
 * so a client that keeps 12 requests in flight gets 12 to the emulator at once (measured here) and can
 * come in under it.
 */
import { createHash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { QuatrixEmulator, type LoggedRequest } from '../demo/emulator/index.js';
import { ensureChromium } from '../scripts/ensure-chromium.mjs';
import { fileBytes, fileSet } from './files-set.js';
import type { FilesCase, FilesRun } from './files-page.js';
import { BENCH, benchSeed, launchChromium, median, openBenchPage, servePage } from './harness.js';

const FILES = Number(process.env.BENCH_FILES ?? 300);
const REPS = Number(process.env.BENCH_REPS ?? 3);
const LATENCIES = (process.env.BENCH_LATENCIES ?? '0,25,50').split(',').map(Number);
const SEQUENTIAL = (process.env.BENCH_SEQUENTIAL ?? 'widget@50')
  .split(',')
  .filter((s) => s.trim() !== '')
  .map((s) => {
    const [target, latency] = s.trim().split('@');
    if ((target !== 'widget' && target !== 'folder') || !(Number(latency) >= 0))
      throw new Error(`BENCH_SEQUENTIAL: ${s} is not target@latency (widget@50, folder@0…)`);
    return { target, latency: Number(latency) } as const;
  });
const SEQUENTIAL_REPS = Math.min(REPS, Number(process.env.BENCH_SEQUENTIAL_REPS ?? 1));
const TRACE = Boolean(process.env.BENCH_TRACE);
const SEED = 1;
/** Connections Chromium opens to one origin over HTTP/1.1. */
const CONNECTIONS = 6;
/** Requests the protocol needs per file (see above). */
const FLOOR_REQUESTS = { widget: 4, folder: 5 } as const;
const here = path.dirname(new URL(import.meta.url).pathname);

type Target = 'widget' | 'folder';
interface EngineCase {
  target: Target;
  latency: number;
  sequential: boolean;
}
const label = (c: EngineCase): string => `${c.target}${c.sequential ? ' sequential' : ''} @${c.latency} ms`;

/** What a request is, by method and path. */
type Kind = 'link' | 'chunk' | 'finalize' | 'other';
function kindOf(path: string): Kind {
  if (/^\/api\/1\.0\/(widget\/upload-link|upload\/link)(\/|$)/.test(path)) return 'link';
  if (path.startsWith('/upload/chunked/')) return 'chunk';
  if (/^\/api\/1\.0\/(widget\/finalize-upload|upload\/finalize)\//.test(path)) return 'finalize';
  return 'other';
}

/** Requests per file: every request, the preflights, and each kind of the others and of the preflights. */
interface Counts {
  all: number;
  options: number;
  sent: Record<Kind, number>;
  preflightOf: Record<Kind, number>;
}
function countsOf(log: readonly LoggedRequest[], files: number): Counts {
  const zero = (): Record<Kind, number> => ({ link: 0, chunk: 0, finalize: 0, other: 0 });
  const c: Counts = { all: log.length / files, options: 0, sent: zero(), preflightOf: zero() };
  for (const r of log) {
    if (r.method === 'OPTIONS') {
      c.options += 1 / files;
      c.preflightOf[kindOf(r.path)] += 1 / files;
    } else c.sent[kindOf(r.path)] += 1 / files;
  }
  return c;
}
const fmt = (x: number, digits = 2): string => x.toFixed(digits);
const spread = (xs: number[], digits = 2): string =>
  `${fmt(median(xs), digits)} (${fmt(Math.min(...xs), digits)}–${fmt(Math.max(...xs), digits)})`;
const breakdown = (c: Counts): string =>
  `${fmt(c.all)}/file: OPTIONS ${fmt(c.options)} (link ${fmt(c.preflightOf.link)}, chunk ${fmt(c.preflightOf.chunk)}, finalize ${fmt(c.preflightOf.finalize)}, other ${fmt(c.preflightOf.other)}), link ${fmt(c.sent.link)}, chunk ${fmt(c.sent.chunk)}, finalize ${fmt(c.sent.finalize)}, other ${fmt(c.sent.other)}`;

async function main(): Promise<void> {
  ensureChromium(); // install or say what to run, before any work
  const set = fileSet(FILES, SEED);
  const expected = new Map<string, { size: number; sha256: string }>();
  const whole = createHash('sha256');
  for (const f of set) {
    const bytes = fileBytes(f);
    whole.update(bytes);
    expected.set(f.name, { size: f.size, sha256: createHash('sha256').update(bytes).digest('hex') });
  }
  const wholeSha256 = whole.digest('hex');
  const totalBytes = set.reduce((sum, f) => sum + f.size, 0);

  const served = await servePage(path.join(here, 'files-page.ts'));
  const emulator = await QuatrixEmulator.start({
    benchEndpoint: true,
    seed: benchSeed([
      {
        id: BENCH.widget,
        owner: BENCH.user,
        folder: BENCH.folder,
        captcha: 'none',
        filesPerSession: Number.MAX_SAFE_INTEGER,
      },
    ]),
  });
  // Two origins, both on loopback: the page's port and the emulator's.
  if (new URL(served.url).origin === new URL(emulator.url).origin)
    throw new Error('the page and the emulator must be two origins');
  const browser = await launchChromium();
  try {
    const page = await openBenchPage(browser, served.url, 'benchFiles');
    const made = await page.evaluate((n, seed) => window.benchFiles.prepare(n, seed), FILES, SEED);
    if (made.count !== FILES || made.bytes !== totalBytes)
      throw new Error(`the page made ${made.count} files of ${made.bytes} bytes`);

    const latencyFaults = (ms: number): void =>
      emulator.setFaults(ms > 0 ? [{ latencyMs: ms, preflights: true }] : []);
    const base: Omit<FilesCase, 'kind'> = {
      site: emulator.url,
      widgetId: BENCH.widget,
      folderId: BENCH.folder,
      email: 'bench@example.com',
      password: 'x',
      name: '',
    };
    /** Sets a case up, clears the request log, runs it (faults on only for the timed window). */
    const timed = async (c: FilesCase, latency: number): Promise<{ run: FilesRun; log: LoggedRequest[] }> => {
      emulator.setFaults([]);
      await page.evaluate((x) => window.benchFiles.setUp(x), c);
      emulator.requests.length = 0;
      latencyFaults(latency);
      const run = await page.evaluate(() => window.benchFiles.run());
      emulator.setFaults([]);
      return { run, log: emulator.requests.splice(0) };
    };

    /** The ceiling: all the bytes as one PUT, verified; answers MB/s (10^6 bytes). */
    const ceiling = async (round: number): Promise<number> => {
      const name = `files-ceiling-${round}.bin`;
      const { run } = await timed({ ...base, kind: 'ceiling', name }, 0);
      const stored = emulator.benchPath(name);
      if ((await QuatrixEmulator.hashFile(stored)) !== wholeSha256)
        throw new Error(`ceiling round ${round}: the stored bytes differ from the files'`);
      await rm(stored, { force: true });
      return totalBytes / 1e6 / (run.ms / 1000);
    };

    /** One engine run, verified on the server after its timed window; the folder is emptied after. */
    const engine = async (c: EngineCase, count = FILES): Promise<{ seconds: number; counts: Counts }> => {
      const { run, log } = await timed(
        { ...base, kind: c.target, sequential: c.sequential, count },
        c.latency,
      );
      if (TRACE) trace(log, 40);
      const problem = await verify(run, count);
      if (problem) throw new Error(`${label(c)}: ${problem}`);
      return { seconds: run.ms / 1000, counts: countsOf(log, count) };
    };

    const verify = async (run: FilesRun, count: number): Promise<string | undefined> => {
      const nodes = [...emulator.store.nodes.values()].filter(
        (n) => n.type === 'F' && emulator.store.isWithin(n.id, BENCH.folder),
      );
      try {
        if (run.failed.length > 0) return `${run.failed.length} files failed, first ${run.failed[0]}`;
        if (run.ids.length !== count || new Set(run.ids).size !== count)
          return `${new Set(run.ids).size} distinct files done of ${count}`;
        if (nodes.length !== count) return `${nodes.length} files on the server, not ${count}`;
        const names = new Set<string>();
        for (const node of nodes) {
          const want = expected.get(node.name);
          if (node.state !== 'ready') return `${node.name} is unfinished on the server`;
          if (!want || names.has(node.name)) return `unexpected or duplicate file ${node.name}`;
          names.add(node.name);
          if (node.size !== want.size || (await emulator.sha256(node.id)) !== want.sha256)
            return `${node.name} differs from what was sent`;
        }
        return undefined;
      } finally {
        for (const node of nodes) await emulator.deleteFile(node.id);
      }
    };

    const cases: EngineCase[] = [
      ...LATENCIES.flatMap((latency) =>
        (['widget', 'folder'] as const).map((target) => ({ target, latency, sequential: false })),
      ),
      ...SEQUENTIAL.map((s) => ({ ...s, sequential: true })),
    ];
    console.log(
      `bench:files ${FILES} files, ${fmt(totalBytes / 1e6, 1)} MB (${fmt(set[0] ? Math.min(...set.map((f) => f.size)) / 1024 : 0, 0)}–${fmt(Math.max(0, ...set.map((f) => f.size)) / 1024, 0)} KiB), page ${served.url} → emulator ${emulator.url}, ${REPS} interleaved rounds, ${await browser.version()}`,
    );

    // The warm-up (not counted): the browser, the server, the engine's code and the cached preflights.
    await ceiling(-1);
    for (const target of ['widget', 'folder'] as const)
      await engine({ target, latency: 0, sequential: false }, Math.min(FILES, 30));

    const ceilings: number[] = [];
    const results = new Map<EngineCase, Array<{ seconds: number; counts: Counts; floor: number }>>(
      cases.map((c) => [c, []]),
    );
    const floorOf = (c: EngineCase, ceilingMbps: number): number =>
      Math.max(
        (FLOOR_REQUESTS[c.target] * (c.latency / 1000) * FILES) / CONNECTIONS,
        totalBytes / 1e6 / ceilingMbps,
      );
    for (let round = 0; round < REPS; round++) {
      const mbps = await ceiling(round);
      ceilings.push(mbps);
      console.log(`  round ${round + 1} ceiling ${fmt(mbps, 1)} MB/s`);
      for (const c of cases) {
        if (c.sequential && round >= SEQUENTIAL_REPS) continue;
        const r = await engine(c);
        const floor = floorOf(c, mbps);
        results.get(c)!.push({ ...r, floor });
        console.log(
          `  round ${round + 1} ${label(c).padEnd(26)} ${fmt(FILES / r.seconds, 1).padStart(6)} files/s ${fmt(r.seconds).padStart(6)} s  floor ${fmt(floor)} s  ratio ${fmt(r.seconds / floor)}  requests ${breakdown(r.counts)}`,
        );
      }
    }

    console.log(`\nceiling ${spread(ceilings, 1)} MB/s; floor requests per file: widget 4, folder 5`);
    console.log(
      `${'case'.padEnd(33)} files/s median (min–max)   seconds             floor s  ratio to floor        requests per file (median round)`,
    );
    const summary = new Map<EngineCase, { ratio: number; filesPerS: number; requests: number }>();
    for (const c of cases) {
      const runs = results.get(c)!;
      const seconds = runs.map((r) => r.seconds);
      const ratios = runs.map((r) => r.seconds / r.floor);
      const rates = seconds.map((s) => FILES / s);
      // The breakdown of the round whose total is the median (the same every round, unless retried).
      const byTotal = [...runs].sort((a, b) => a.counts.all - b.counts.all);
      const counts = byTotal[Math.floor((byTotal.length - 1) / 2)]!.counts;
      summary.set(c, {
        ratio: median(ratios),
        filesPerS: median(rates),
        requests: median(runs.map((r) => r.counts.all)),
      });
      const name =
        runs.length < REPS ? `${label(c)} (${runs.length} run${runs.length > 1 ? 's' : ''})` : label(c);
      console.log(
        `${name.padEnd(33)} ${spread(rates, 1).padEnd(26)} ${spread(seconds).padEnd(19)} ${fmt(median(runs.map((r) => r.floor))).padEnd(8)} ${spread(ratios).padEnd(21)} ${breakdown(counts)}`,
      );
    }
    const headline = [...summary].find(
      ([c]) => c.target === 'widget' && c.latency === 50 && !c.sequential,
    )?.[1];
    const n = (x: number | undefined): string => (x === undefined ? 'n/a' : fmt(x));
    console.log(
      `bench:files ratio_floor_50ms=${n(headline?.ratio)} files_per_s_50ms=${n(headline?.filesPerS)} requests_per_file=${n(headline?.requests)}`,
    );
  } finally {
    await browser.close();
    await emulator.close();
    await served.close();
  }
}

/** The first `count` requests of a run, in the order they arrived, with their times from the first. */
function trace(log: readonly LoggedRequest[], count: number): void {
  const sorted = [...log].sort((a, b) => a.startedAt - b.startedAt);
  const t0 = sorted[0]?.startedAt ?? 0;
  for (const r of sorted.slice(0, count)) {
    const key = /\/(?:chunked|finalize-upload|finalize)\/([^/?]+)/.exec(r.path)?.[1] ?? '';
    console.log(
      `    ${r.method.padEnd(7)} ${kindOf(r.path).padEnd(8)} ${key.slice(0, 8).padEnd(8)} ${r.startedAt - t0}–${r.finishedAt - t0} ms`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
