import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

interface Packed {
  files: Array<{ path: string }>;
}

describe('the npm package (npm pack)', () => {
  let files: string[];
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    exports: Record<string, string | { types: string; import: string }>;
    sideEffects: string[];
    customElements: string;
    dependencies: Record<string, string>;
    peerDependencies: Record<string, string>;
  };

  before(() => {
    // What `npm publish` ships: `prepack` builds, then the `files` list decides.
    execFileSync(npm, ['run', 'build'], { cwd: ROOT, stdio: 'pipe' });
    const out = execFileSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    files = (JSON.parse(out) as Packed[])[0]!.files.map((f) => f.path).sort();
  });

  it('should contain the builds, types, manifest and documents, and nothing of the workshop', () => {
    for (const needed of [
      'package.json',
      'README.md',
      'CHANGELOG.md',
      'LICENSE',
      'custom-elements.json',
      'dist/index.js',
      'dist/index.d.ts',
      'dist/define.js',
      'dist/cdn/quatrix-upload.js',
      'dist/cdn/quatrix-upload.js.map',
      'dist/react/index.js',
      'dist/react/index.d.ts',
    ])
      assert.ok(files.includes(needed), `${needed} is packed`);
    const workshop = files.filter(
      (f) =>
        /^(src|test|demo|bench|scripts|locales|node_modules|\.ci)\//.test(f) ||
        /^(tsconfig|vite|lit-localize|web-test-runner|eslint)/.test(f),
    );
    assert.deepEqual(workshop, [], 'no sources, tests, demo or tooling');
    assert.ok(
      files.every((f) => !f.includes('.test.')),
      'no tests',
    );
    // Each locale's strings are there for both builds.
    for (const locale of ['ar', 'de', 'ja', 'zh-Hans'])
      assert.ok(files.includes(`dist/cdn/chunks/locale-${locale}.js`), `cdn ${locale}`);
  });

  it("should leave the translators' descriptions out of the built code", () => {
    const script = readFileSync(join(ROOT, 'dist/cdn/quatrix-upload.js'), 'utf8');
    assert.ok(script.includes('Send us your files'), 'the English strings are in');
    assert.doesNotMatch(script, /Plural form|Heading of the public upload widget/);
  });

  it('should resolve every export, with types, to a packed file', () => {
    for (const [name, target] of Object.entries(pkg.exports)) {
      const paths = typeof target === 'string' ? [target] : [target.import, target.types];
      for (const path of paths) assert.ok(files.includes(path.replace(/^\.\//, '')), `${name} → ${path}`);
    }
    assert.ok(files.includes(pkg.customElements));
  });

  it('should mark exactly the defining entries as side effects', () => {
    const defining = files.filter((f) => /^dist\/(define|elements\/[\w-]+|cdn\/quatrix-upload)\.js$/.test(f));
    const matches = (f: string): boolean =>
      pkg.sideEffects.some((pattern) =>
        new RegExp(`^${pattern.replace(/^\.\//, '').replaceAll('.', '\\.').replaceAll('*', '[^/]*')}$`).test(
          f,
        ),
      );
    for (const f of defining) assert.ok(matches(f), `${f} is a side effect`);
    assert.ok(!matches('dist/index.js'), 'dist/index.js defines nothing');
  });

  it('should keep Lit and tus-js-client as dependencies of the npm build, not inlined', () => {
    assert.ok(pkg.dependencies.lit && pkg.dependencies['tus-js-client']);
    const index = readFileSync(join(ROOT, 'dist/index.js'), 'utf8');
    const chunks = files.filter((f) => f.startsWith('dist/chunks/') && f.endsWith('.js'));
    const code = [index, ...chunks.map((f) => readFileSync(join(ROOT, f), 'utf8'))].join('\n');
    assert.match(code, /from ["']lit["']/);
    // tus-js-client comes with the transports, in one chunk that is only ever imported on demand.
    const tusChunks = chunks.filter((f) =>
      /from ["']tus-js-client["']/.test(readFileSync(join(ROOT, f), 'utf8')),
    );
    assert.equal(tusChunks.length, 1, tusChunks.join());
    const name = tusChunks[0]!.split('/').pop()!.replaceAll('.', '\\.');
    assert.match(code, new RegExp(`import\\(["']\\./(chunks/)?${name}["']\\)`));
    assert.doesNotMatch(code, new RegExp(`from ["']\\./(chunks/)?${name}["']`));
    assert.doesNotMatch(code, /class DetailedError/, 'tus-js-client is not bundled');
    assert.equal(pkg.peerDependencies.react !== undefined, true, 'React is a peer, for /react only');
  });
});
