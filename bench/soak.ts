/**
 * `npm run bench:soak`: a chaos run. At least 1.1 GiB in 254 files (some empty, many small, some large,
 * nested folders) goes through the real engine in headless Chromium to the emulator, once through the
 * public widget and once into folders of a signed-in user (half by API key, half by session), under
 * mixed faults: connections cut mid-chunk, 503 and 429 bursts with Retry-After, added latency, lost
 * answers (to reservations, chunks and finalize), the browser offline for a while, and half-way a
 * session expiry (the user's session) or a CAPTCHA demanded again (the widget). Afterwards every stored
 * file is hashed and compared with its source.
 *
 * Counts: `identical` sources stored once, under their own path, byte for byte; `lost` sources with no
 * copy; `duplicated` extra copies of a source; `renamed` sources stored only under another name;
 * `corrupted` stored files whose bytes match no source; `unfinished` reservations left in the folders.
 * Last lines: `bench:soak-widget …` and `bench:soak …` (authenticated targets).
 *
 * SOAK_SEED (default 1) changes the files and the faults; SOAK_FILES (default 254) the number of files;
 * SOAK_DEBUG=1 prints the renamed files, the widget's reservation answers and the last requests with
 * each progress line.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ElementHandle, Page } from 'puppeteer-core';
import { QuatrixEmulator, type FaultRule } from '../demo/emulator/index.js';
import { ensureChromium } from '../scripts/ensure-chromium.mjs';
import { BENCH, benchSeed, launchChromium, openBenchPage, servePage } from './harness.js';
import type { SoakReport, SoakRun } from './soak-page.js';
import { plan, writePlanned, type PlannedFile } from './soak-plan.js';

const SEED = Number(process.env.SOAK_SEED ?? 1);
const FILES = Number(process.env.SOAK_FILES ?? 254);
const SESSION_TTL_MS = 15 * 60_000;
const here = path.dirname(new URL(import.meta.url).pathname);

const WIDGET = '7a1e0000-0000-4000-8000-000000000005';
const KEY_FOLDER = '7a1e0000-0000-4000-8000-000000000006';
const SESSION_FOLDER = '7a1e0000-0000-4000-8000-000000000007';
const WIDGET_FOLDER = '7a1e0000-0000-4000-8000-000000000008';

/** The faults of every run: each request draws from a seeded generator, so a seed repeats its run. */
function faults(reservation: string): FaultRule[] {
  return [
    { path: '/upload/chunked/', dropAfterBytes: 100_000, rate: 0.03 },
    { path: '/upload/chunked/', dropResponse: true, rate: 0.02 },
    { path: '/upload/chunked/', status: 503, rate: 0.03 },
    { path: '/upload/chunked/', status: 429, retryAfter: 1, rate: 0.005 },
    { path: '/api/1.0/', status: 503, rate: 0.03 },
    { path: '/api/1.0/', status: 429, retryAfter: 1, rate: 0.005 },
    { method: 'POST', path: reservation, dropResponse: true, rate: 0.05 },
    { path: 'finalize', dropResponse: true, rate: 0.03 },
    { latencyMs: 25, rate: 0.1 },
  ];
}

interface Tally {
  files: number;
  bytes: number;
  identical: number;
  lost: number;
  duplicated: number;
  renamed: number;
  corrupted: number;
  unfinished: number;
}

/** The path a renamed copy was asked for as: `a/report (1).pdf` → `a/report.pdf`. */
const unrenamed = (p: string): string => p.replace(/ \(\d+\)(\.[^./]*)?$/, '$1');

/** Compares what the emulator stored below `folders` with the planned files. */
async function tally(
  emulator: QuatrixEmulator,
  folders: string[],
  files: PlannedFile[],
  hashes: Map<string, string>,
): Promise<Tally> {
  const expected = new Map(files.map((f) => [f.path, hashes.get(f.path)!]));
  const copies = new Map<string, number>();
  const t: Tally = {
    files: files.length,
    bytes: files.reduce((sum, f) => sum + f.size, 0),
    identical: 0,
    lost: 0,
    duplicated: 0,
    renamed: 0,
    corrupted: 0,
    unfinished: 0,
  };
  const exact = new Set<string>();
  const renamedOnly = new Set<string>();
  for (const folder of folders) {
    const prefix = path.relative(path.join(emulator.store.dataDir, 'files'), emulator.store.diskPath(folder));
    for (const stored of emulator.files(folder)) {
      const rel = path.relative(prefix, stored.path).split(path.sep).join('/');
      const sha = await emulator.sha256(stored.id);
      const source =
        expected.get(rel) === sha ? rel : expected.get(unrenamed(rel)) === sha ? unrenamed(rel) : '';
      if (!source) {
        t.corrupted++;
        continue;
      }
      if (process.env.SOAK_DEBUG && source !== rel) console.log(`    renamed: ${rel}`);
      copies.set(source, (copies.get(source) ?? 0) + 1);
      if (source === rel) exact.add(source);
      else renamedOnly.add(source);
    }
    for (const node of emulator.store.nodes.values())
      if (node.type === 'F' && node.state !== 'ready' && emulator.store.isWithin(node.id, folder))
        t.unfinished++;
  }
  for (const file of files) {
    const n = copies.get(file.path) ?? 0;
    if (n === 0) t.lost++;
    else if (exact.has(file.path) && n === 1) t.identical++;
    else if (!exact.has(file.path)) t.renamed++;
    t.duplicated += Math.max(0, n - 1);
  }
  return t;
}

/**
 * Runs one soak in the page while the Node side, watching the emulator's finalize answers, takes the
 * browser offline for three seconds at 60 % of the files and calls `halfway` at 45 %.
 */
async function soak(
  page: Page,
  emulator: QuatrixEmulator,
  run: SoakRun,
  halfway: () => void,
): Promise<SoakReport> {
  const from = emulator.requests.length;
  const finalized = (): number =>
    emulator.requests.slice(from).filter((r) => r.path.includes('finalize') && r.status === 200).length;
  let halfwayDone = false;
  let offlineDone = false;
  const watcher = setInterval(() => {
    const share = finalized() / run.files.length;
    if (!halfwayDone && share >= 0.45) {
      halfwayDone = true;
      halfway();
    }
    if (!offlineDone && share >= 0.6) {
      offlineDone = true;
      void page.setOfflineMode(true).then(() => setTimeout(() => void page.setOfflineMode(false), 3_000));
    }
  }, 50);
  const reporter = setInterval(() => {
    void page
      .evaluate(() => window.soak.progress())
      .then((p) => {
        console.log(`    ${run.kind}: ${p}`);
        if (process.env.SOAK_DEBUG)
          for (const r of emulator.requests.slice(-6))
            console.log(`      ${r.method} ${r.path.slice(0, 60)} ${r.status} ${r.contentRange ?? ''}`);
      })
      .catch(() => undefined);
  }, 10_000);
  try {
    return await page.evaluate((r) => window.soak.run(r), run);
  } finally {
    clearInterval(watcher);
    clearInterval(reporter);
  }
}

const line = (name: string, t: Tally, seconds?: number): string =>
  `bench:${name} files=${t.files} bytes=${t.bytes} identical=${t.identical} lost=${t.lost} duplicated=${t.duplicated} renamed=${t.renamed} corrupted=${t.corrupted}` +
  (seconds === undefined ? '' : ` seconds=${seconds.toFixed(1)}`) +
  ` unfinished=${t.unfinished}`;

async function main(): Promise<void> {
  ensureChromium();
  // 1.1 GiB for the default 254 files, in proportion for other counts.
  const files = plan(SEED, FILES, (1.1 * 2 ** 30 * FILES) / 254);
  const half = Math.ceil(files.length / 2);
  const seed = benchSeed([
    {
      id: WIDGET,
      owner: BENCH.user,
      folder: WIDGET_FOLDER,
      captcha: 'test',
      filesPerSession: files.length + 64,
    },
  ]);
  seed.folders = [
    ...(seed.folders ?? []),
    { id: KEY_FOLDER, parent: BENCH.home, name: 'By key' },
    { id: SESSION_FOLDER, parent: BENCH.home, name: 'By session' },
    { id: WIDGET_FOLDER, parent: BENCH.home, name: 'Widget' },
  ];
  const user = seed.users[0]!;
  // Files on disk, picked through a file input: disk-backed, as people pick them (and Chromium keeps
  // no more than about a gibibyte of in-page Blobs).
  const dir = await mkdtemp(path.join(tmpdir(), 'quatrix-soak-'));
  const hashes = new Map<string, string>();
  for (const f of files)
    hashes.set(f.path, await writePlanned(f, SEED, path.join(dir, f.path.split('/').pop()!)));
  const served = await servePage(path.join(here, 'soak-page.ts'), { minify: false });
  const emulator = await QuatrixEmulator.start({ seed, sessionTtlMs: SESSION_TTL_MS });
  const browser = await launchChromium();
  try {
    const page = await openBenchPage(browser, served.url, 'soak');
    const picker = (await page.$('input#files')) as ElementHandle<HTMLInputElement> | null;
    await picker!.uploadFile(...files.map((f) => path.join(dir, f.path.split('/').pop()!)));
    const total = files.reduce((sum, f) => sum + f.size, 0);
    console.log(
      `bench:soak seed ${SEED}: ${files.length} files, ${(total / 2 ** 30).toFixed(2)} GiB, Chromium ${await browser.version()}`,
    );
    const base = { site: emulator.url };

    emulator.setFaults(faults('/widget/upload-link/'), SEED);
    const widget = await soak(page, emulator, { ...base, kind: 'widget', files, widgetId: WIDGET }, () =>
      emulator.demandCaptcha(WIDGET),
    );
    const widgetTally = await tally(emulator, [WIDGET_FOLDER], files, hashes);
    console.log(
      `  widget: ${widget.seconds.toFixed(1)} s, ${widget.captchas} CAPTCHAs, ${widget.failed.length} failed` +
        (widget.failed.length ? ` (${[...new Set(widget.failed.map((f) => f.reason))].join(', ')})` : ''),
    );

    if (process.env.SOAK_DEBUG) {
      const links = emulator.requests.filter((r) => r.path.includes('upload-link'));
      console.log(`    widget upload-link statuses: ${links.map((r) => r.status).join(' ')}`);
    }
    emulator.setFaults(faults('/upload/link'), SEED + 1);
    const byKey = await soak(
      page,
      emulator,
      {
        ...base,
        kind: 'folder-key',
        files: files.slice(0, half),
        folderId: KEY_FOLDER,
        apiKey: BENCH.apiKey,
      },
      () => undefined,
    );
    const bySession = await soak(
      page,
      emulator,
      {
        ...base,
        kind: 'folder-session',
        files: files.slice(half),
        folderId: SESSION_FOLDER,
        email: user.email,
        password: user.password,
      },
      // The session ends, as its lifetime running out would.
      () => emulator.expireSessions(),
    );
    const keyTally = await tally(emulator, [KEY_FOLDER], files.slice(0, half), hashes);
    const sessionTally = await tally(emulator, [SESSION_FOLDER], files.slice(half), hashes);
    for (const r of [widget, byKey, bySession])
      for (const f of r.failed) {
        console.log(`    failed for good: ${f.path}: ${f.reason}: ${f.message}`);
        if (!process.env.SOAK_DEBUG) continue;
        // Every request of the uploads of that name, to see what happened.
        const name = f.path.split('/').pop()!;
        const keys = [...emulator.store.uploads.values()]
          .filter((u) => emulator.store.nodes.get(u.nodeId)?.name.startsWith(name.replace(/\.bin$/, '')))
          .map((u) => u.key);
        for (const r of emulator.requests)
          if (keys.some((k) => r.path.includes(k)))
            console.log(
              `      ${r.startedAt % 100000} ${r.method} ${r.path.split('/')[2]} ${r.status} ${r.contentRange ?? ''}`,
            );
      }
    for (const [name, r] of [
      ['by API key', byKey],
      ['by session', bySession],
    ] as const)
      console.log(
        `  folder ${name}: ${r.seconds.toFixed(1)} s, ${r.engines} engine(s), ${r.failed.length} failed` +
          (r.failed.length ? ` (${[...new Set(r.failed.map((f) => f.reason))].join(', ')})` : ''),
      );
    const hits = emulator.faultHits();
    if (hits.length) console.log(`  faults hit (last run, per rule): ${hits.join(' ')}`);
    const both: Tally = Object.fromEntries(
      Object.keys(keyTally).map((k) => [k, keyTally[k as keyof Tally] + sessionTally[k as keyof Tally]]),
    ) as unknown as Tally;
    console.log(line('soak-widget', widgetTally));
    console.log(line('soak', both, byKey.seconds + bySession.seconds));
  } finally {
    await browser.close();
    await emulator.close();
    await served.close();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
