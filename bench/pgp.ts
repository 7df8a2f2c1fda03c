/**
 * `npm run bench:pgp`: the same in-page Blob returned to a file request, in headless Chromium over
 * loopback, (a) as it is, to a request without encryption (the baseline) and (b) encrypted in the page
 * to the requester's public key first (a request with `return_pgp_encrypted`), interleaved, several
 * times. Prints the end-to-end ratio of (b) to (a) computed within each round, the encryption's own
 * rate (plaintext MB per second from the file's `preparing` to its `uploading`), and the page's peak JS
 * heap growth. Every run is verified: the plain file is hashed on the server, the encrypted one is
 * decrypted there with the requester's private key and hashed.
 *
 *
 * Loopback is the hardest case for encryption: the plain upload runs at hundreds of MB/s, and the file
 * is encrypted before any of it is sent (its encrypted size goes with the reservation and every chunk).
 * So the same comparison runs again over an upload link shaped to BENCH_LINK_MBIT (default 100 Mbit/s,
 * with Chromium's network emulation), with BENCH_LINK_MIB (default 128). One more encrypted run samples
 * the heap right after a forced collection every 250 ms: what the upload keeps alive, apart from the
 * garbage the peak includes.
 *
 * BENCH_MIB (default 1025: a file over 1 GiB) and BENCH_REPS (default 5) change the size and the
 * number of loopback rounds; BENCH_LINK_REPS (default 3) the shaped ones, 0 to leave them out.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import * as openpgp from 'openpgp';
import { QuatrixEmulator } from '../demo/emulator/index.js';
import { ensureChromium } from '../scripts/ensure-chromium.mjs';
import { block } from './bytes.js';
import { BENCH, benchSeed, launchChromium, median, servePage } from './harness.js';
import type { PgpCase, PgpRun } from './pgp-page.js';

const MIB = Number(process.env.BENCH_MIB ?? 1025);
const REPS = Number(process.env.BENCH_REPS ?? 5);
const LINK_MBIT = Number(process.env.BENCH_LINK_MBIT ?? 100);
const LINK_MIB = Number(process.env.BENCH_LINK_MIB ?? 128);
const LINK_REPS = Number(process.env.BENCH_LINK_REPS ?? 3);
const SEED = 4242;
const here = path.dirname(new URL(import.meta.url).pathname);
const REQUEST = {
  plain: '7a1e0000-0000-4000-8000-000000000010',
  pgp: '7a1e0000-0000-4000-8000-000000000011',
} as const;

const fmt = (x: number, digits = 1): string => x.toFixed(digits);

async function sha256OfStream(stream: ReadableStream<Uint8Array>): Promise<string> {
  const hash = createHash('sha256');
  const reader = stream.getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) hash.update(r.value);
  return hash.digest('hex');
}

/** Decrypts a stored OpenPGP message as a stream and hashes the plaintext. */
async function decryptedSha256(file: string, privateKey: openpgp.PrivateKey): Promise<string> {
  const binaryMessage = Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>;
  const { data } = await openpgp.decrypt({
    message: await openpgp.readMessage({ binaryMessage }),
    decryptionKeys: privateKey,
    format: 'binary',
  });
  return sha256OfStream(data as ReadableStream<Uint8Array>);
}

async function main(): Promise<void> {
  ensureChromium(); // install or say what to run, before any work
  const one = block(SEED);
  const expectedOf = (mib: number): string => {
    const hash = createHash('sha256');
    for (let i = 0; i < mib; i++) hash.update(one);
    return hash.digest('hex');
  };

  // The requester's key pair, as a Quatrix user's would be (curve25519, OpenPGP.js's default).
  const { privateKey, publicKey } = await openpgp.generateKey({
    userIDs: [{ name: 'Bench', email: 'bench@example.com' }],
    format: 'armored',
  });
  const decryptionKey = await openpgp.readPrivateKey({ armoredKey: privateKey });
  const seed = benchSeed();
  seed.account.pgpEnabled = true;
  seed.users[0]!.pgpPublicKey = publicKey;
  seed.fileRequests = [
    { id: REQUEST.plain, owner: BENCH.user, folder: BENCH.folder, subject: 'Plain' },
    {
      id: REQUEST.pgp,
      owner: BENCH.user,
      folder: BENCH.folder,
      subject: 'Encrypted',
      returnPgpEncrypted: true,
    },
  ];

  const page0 = await servePage(path.join(here, 'pgp-page.ts'), { minify: true });
  const emulator = await QuatrixEmulator.start({ seed });
  const browser = await launchChromium(['--enable-precise-memory-info', '--js-flags=--expose-gc']);
  try {
    const page = await browser.newPage();
    page.setDefaultTimeout(0);
    await page.goto(page0.url);
    await page.waitForFunction(() => 'pgpBench' in window);
    // Large Blobs made in the first seconds after launch can come out broken: give the browser time.
    await new Promise((r) => setTimeout(r, 4000));
    const size = await page.evaluate((mib, s) => window.pgpBench.prepare(mib, s), MIB, SEED);
    if (size !== MIB * 1024 * 1024) throw new Error(`the in-page Blob has ${size} bytes`);
    console.log(
      `bench:pgp ${MIB} MiB in-page Blob, ${REPS} interleaved rounds, Chromium ${await browser.version()}`,
    );

    const kinds: PgpCase['kind'][] = ['plain', 'pgp'];
    type Result = PgpRun & { mbps: number };
    /** Interleaved rounds of both cases over `mib` MiB; round 0 warms up and is not counted. */
    const rounds = async (
      label: string,
      mib: number,
      reps: number,
    ): Promise<Record<PgpCase['kind'], Result[]>> => {
      const results: Record<PgpCase['kind'], Result[]> = { plain: [], pgp: [] };
      for (let rep = -1; rep < reps; rep++) {
        for (const kind of kinds) {
          const c: PgpCase = {
            kind,
            site: emulator.url,
            requestId: REQUEST[kind],
            name: `${label}-${kind}-${rep}.bin`,
            mib,
          };
          const run = await page.evaluate((x) => window.pgpBench.run(x), c);
          await verify(kind, run, mib, rep);
          const mbps = (mib * 1024 * 1024) / 1e6 / (run.ms / 1000);
          if (rep >= 0) results[kind].push({ ...run, mbps });
          console.log(
            `  ${label} ${rep < 0 ? 'warm-up' : `round ${rep + 1}`} ${kind.padEnd(5)} ${fmt(mbps).padStart(7)} MB/s end to end` +
              (kind === 'pgp'
                ? `, encryption ${fmt((mib * 1024 * 1024) / 1e6 / (run.prepareMs / 1000))} MB/s, stored ${run.size} B`
                : '') +
              `  heap +${fmt((run.heapPeak - run.heapBaseline) / 2 ** 20)} MiB`,
          );
        }
      }
      return results;
    };
    const verify = async (kind: PgpCase['kind'], run: PgpRun, mib: number, rep: number): Promise<void> => {
      const stored = emulator.store.diskPath(run.fileId);
      const actual =
        kind === 'plain'
          ? await QuatrixEmulator.hashFile(stored)
          : await decryptedSha256(stored, decryptionKey);
      if (actual !== expectedOf(mib))
        throw new Error(`${kind} round ${rep}: the stored file differs from the Blob`);
      await emulator.deleteFile(run.fileId);
    };

    const results = await rounds('loopback', MIB, REPS);
    const ratios = results.pgp.map((r, i) => r.mbps / results.plain[i]!.mbps);
    const encrypt = results.pgp.map((r) => (MIB * 1024 * 1024) / 1e6 / (r.prepareMs / 1000));
    const growth = results.pgp.map((r) => (r.heapPeak - r.heapBaseline) / 2 ** 20);
    const range = (xs: number[], d = 1): string =>
      `${fmt(median(xs), d)} (${fmt(Math.min(...xs), d)}–${fmt(Math.max(...xs), d)})`;
    console.log('\nmedian (min–max)');
    console.log(`  plain end to end      ${range(results.plain.map((r) => r.mbps))} MB/s`);
    console.log(`  encrypted end to end  ${range(results.pgp.map((r) => r.mbps))} MB/s`);
    console.log(`  encryption alone      ${range(encrypt)} MB/s`);
    console.log(`  ratio to plain        ${range(ratios, 2)}   goal >= 0.70`);
    console.log(`  heap growth (peak)    ${range(growth)} MiB   goal <= 64 MiB`);

    // The same file, encrypted, with the heap collected and sampled every 250 ms: what stays alive.
    const liveRun = await page.evaluate((x) => window.pgpBench.run(x), {
      kind: 'pgp',
      site: emulator.url,
      requestId: REQUEST.pgp,
      name: 'live.bin',
      mib: MIB,
      sampleLive: true,
    } satisfies PgpCase);
    await verify('pgp', liveRun, MIB, 0);
    const liveGrowth = (liveRun.livePeak - liveRun.heapBaseline) / 2 ** 20;
    console.log(`  heap kept alive       ${fmt(liveGrowth)} MiB (largest heap right after a collection)`);

    let linkRatio: number | undefined;
    if (LINK_REPS > 0) {
      const bytesPerSecond = (LINK_MBIT * 1e6) / 8;
      console.log(
        `\nupload link shaped to ${LINK_MBIT} Mbit/s, ${LINK_MIB} MiB, ${LINK_REPS} interleaved rounds`,
      );
      await page.emulateNetworkConditions({ upload: bytesPerSecond, download: -1, latency: 0 });
      const link = await rounds(`${LINK_MBIT}mbit`, LINK_MIB, LINK_REPS);
      await page.emulateNetworkConditions(null);
      const linkRatios = link.pgp.map((r, i) => r.mbps / link.plain[i]!.mbps);
      linkRatio = median(linkRatios);
      console.log(`  plain end to end      ${range(link.plain.map((r) => r.mbps))} MB/s`);
      console.log(`  encrypted end to end  ${range(link.pgp.map((r) => r.mbps))} MB/s`);
      console.log(`  ratio to plain        ${range(linkRatios, 2)}`);
    }
    console.log(
      `bench:pgp ratio=${fmt(median(ratios), 2)} encrypt_mbs=${fmt(median(encrypt))} heap_growth_mib=${fmt(median(growth))} live_heap_mib=${fmt(liveGrowth)}` +
        (linkRatio === undefined ? '' : ` ratio_${LINK_MBIT}mbit=${fmt(linkRatio, 2)}`),
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
