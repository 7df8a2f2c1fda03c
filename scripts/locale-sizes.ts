// What each locale adds to a bundle: every generated locale module built alone by Vite (minified, with
// @lit/localize external, as the bundles import it once), then gzip and brotli of the result. English
// is the source text inside the element code, so it adds nothing of its own. `npm run size:locales`.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build } from 'vite';
import { targetLocales } from '../src/generated/locale-codes.js';
import { ROOT } from './manifest.js';

const outDir = mkdtempSync(join(tmpdir(), 'quatrix-locales-'));
try {
  await build({
    configFile: false,
    logLevel: 'warn',
    root: ROOT,
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      minify: true,
      lib: {
        entry: Object.fromEntries(
          targetLocales.map((l) => [l, join(ROOT, 'src/generated/locales', `${l}.ts`)]),
        ),
        formats: ['es'],
        fileName: (_format, name) => `${name}.js`,
      },
      rollupOptions: { external: [/^@lit\//, /^lit($|\/)/] },
    },
  });
  const kb = (n: number): string => (n / 1024).toFixed(1);
  console.log('locale    min KB  gzip KB  brotli KB');
  let gzipTotal = 0;
  for (const file of readdirSync(outDir)
    .filter((f) => f.endsWith('.js'))
    .sort()) {
    const code = readFileSync(join(outDir, file));
    const gzip = gzipSync(code, { level: 9 }).length;
    const brotli = brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
    gzipTotal += gzip;
    console.log(
      `${file.replace(/\.js$/, '').padEnd(9)} ${kb(code.length).padStart(6)}  ${kb(gzip).padStart(7)}  ${kb(brotli).padStart(9)}`,
    );
  }
  console.log(`size:locales count=${targetLocales.length} gzip_total_kb=${kb(gzipTotal)}`);
} finally {
  rmSync(outDir, { recursive: true, force: true });
}
