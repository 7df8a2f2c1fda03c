// `npm run size` (after `npm run build`): gzip and brotli of every built file, the budget of the
// script-tag file, and one last line for machines:
//   size script_gzip_kb=NN.N first_upload_gzip_kb=NN.N esm_gzip_kb=NN.N
// script: dist/cdn/quatrix-upload.js, the file a page loads (all elements, English strings, Lit).
// esm: the npm build's own code with the English strings (dist/**/*.js but cdn/ and the other
// locales; its dependencies are the application's).
// Exits 1 when the script-tag file or the first upload is over its budget; tests never fail on size.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { ROOT } from './manifest.js';

const BUDGET_GZIP_KB = 35;
/** What a widget page loads before its first byte is sent. */
const BUDGET_FIRST_UPLOAD_GZIP_KB = 45;
/** The translations, each a chunk of its own. */
const LOCALES = new Set<string>(
  (JSON.parse(readFileSync(join(ROOT, 'lit-localize.json'), 'utf8')) as { targetLocales: string[] })
    .targetLocales,
);
const dist = join(ROOT, 'dist');
const script = join(dist, 'cdn', 'quatrix-upload.js');
if (!existsSync(script)) {
  console.error('size: dist/cdn/quatrix-upload.js is missing: run `npm run build` first');
  process.exit(2);
}

const files = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.js'))
    .map((f) => join(dir, f))
    .sort();

const kb = (bytes: number): string => (bytes / 1024).toFixed(1);
function measure(file: string): { raw: number; gzip: number; brotli: number } {
  const code = readFileSync(file);
  return {
    raw: code.length,
    gzip: gzipSync(code, { level: 9 }).length,
    brotli: brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

/** What a chunk is, for people: `chunks/de-D6Isyhdm.js` → `locale de`. */
function describe(path: string): string {
  const name = path
    .split('/')
    .pop()!
    .replace(/-[\w-]{8}\.js$/, '')
    .replace(/^locale-(.+)\.js$/, '$1');
  if (LOCALES.has(name)) return `locale ${name}, on demand`;
  if (name === 'send')
    return 'sending files: the stages and the Quatrix chunk loop, fetched at set-up (first upload)';
  if (name === 'tus') return 'tus-js-client and the tus transport, on demand (a tus endpoint only)';
  if (name === 'unfinished-list') return 'unfinished uploads of an earlier visit, on demand';
  if (name === 'retry-controller') return "retried set-up calls of the request page and creator's elements";
  if (name === 'handles') return 'handles of dropped files (IndexedDB), on demand (resume after a reload)';
  if (name === 'virtual-list' || name === 'flow') return 'virtualizer, on demand (50+ files)';
  if (name === 'openpgp.min') return 'OpenPGP.js, on demand (a request for encrypted files)';
  if (name === 'encryption') return 'encrypting files, on demand (a request for encrypted files)';
  if (name === 'forms') return 'PIN and sign-in forms, on demand';
  if (name === 'encryption-summary') return "the request page's encryption line, on demand";
  if (name === 'upload-view') return 'the file list and what screen readers hear of uploads (set-up)';
  if (name === 'sender-fields-view') return "the widget's sender fields, on demand";
  if (name === 'captcha-dialog') return 'the CAPTCHA dialog, on demand';
  if (name === 'captcha-providers') return 'CAPTCHA providers, on demand';
  if (name === 'quatrix-file-request.define') return '<quatrix-file-request>, when one is in the page';
  if (name === 'quatrix-uploader.define') return '<quatrix-uploader>, when one is in the page';
  if (name === 'quatrix-request-files.define') return '<quatrix-request-files>, when one is in the page';
  return '';
}

function table(title: string, list: string[]): void {
  console.log(`\n${title}`);
  console.log(
    `${'file'.padEnd(44)} ${'min KB'.padStart(7)} ${'gzip KB'.padStart(8)} ${'brotli KB'.padStart(10)}`,
  );
  for (const file of list) {
    const m = measure(file);
    const name = relative(dist, file);
    console.log(
      `${name.padEnd(44)} ${kb(m.raw).padStart(7)} ${kb(m.gzip).padStart(8)} ${kb(m.brotli).padStart(10)}  ${describe(name)}`,
    );
  }
}

const cdn = files(join(dist, 'cdn'));
table('script tag (dist/cdn)', cdn);
const esm = files(dist).filter((f) => !f.startsWith(join(dist, 'cdn')));
table('npm ESM build (dist, dependencies external, not minified: the application minifies)', esm);
const esmCode = esm
  .filter((f) => !describe(relative(dist, f)).startsWith('locale'))
  .reduce((sum, f) => sum + measure(f).gzip, 0);

/** `files` and every chunk they import statically, followed to the end. */
function withImports(files: string[]): string[] {
  const seen = new Set<string>();
  const stack = [...files];
  while (stack.length > 0) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    // Static imports only (`import"./x.js"`, `from"./x.js"`): `import("./x.js")` is on demand.
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(
      /(?:from|import)\s*["'](\.{1,2}\/[^"']+\.js)["']/g,
    ))
      stack.push(join(file, '..', spec!));
  }
  return [...seen].sort();
}

const scriptGzip = measure(script).gzip;
// What a widget page loads before its first byte is sent: the file, and what an element fetches as it
// is set up (the file list with the narrator, and the code of sending), with what those import.
const setUp = cdn.filter((f) => /\/chunks\/(upload-view|send)-[\w-]{8}\.js$/.test(f));
if (setUp.length !== 2) {
  console.error('size: the upload-view and send chunks are missing from dist/cdn/chunks');
  process.exit(2);
}
const firstUploadFiles = withImports([script, ...setUp]);
const firstUpload = firstUploadFiles.reduce((sum, f) => sum + measure(f).gzip, 0);
console.log(
  `\nscript-tag file: ${kb(scriptGzip)} KB gzip (budget ${BUDGET_GZIP_KB} KB); with what the first ` +
    `upload fetches (${firstUploadFiles.map((f) => relative(join(dist, 'cdn'), f)).join(', ')}): ` +
    `${kb(firstUpload)} KB gzip (budget ${BUDGET_FIRST_UPLOAD_GZIP_KB} KB)`,
);
const overScript = scriptGzip > BUDGET_GZIP_KB * 1024;
const overFirst = firstUpload > BUDGET_FIRST_UPLOAD_GZIP_KB * 1024;
if (overScript) console.error(`size: the script-tag file is over its budget of ${BUDGET_GZIP_KB} KB gzip`);
if (overFirst)
  console.error(`size: the first upload is over its budget of ${BUDGET_FIRST_UPLOAD_GZIP_KB} KB gzip`);
const over = overScript || overFirst;
console.log(
  `size script_gzip_kb=${kb(scriptGzip)} first_upload_gzip_kb=${kb(firstUpload)} esm_gzip_kb=${kb(esmCode)}`,
);
process.exit(over ? 1 : 0);
