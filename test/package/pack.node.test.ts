import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

interface Packed {
  files: Array<{ path: string }>;
}

describe('the npm package (npm pack)', () => {
  let files: string[];
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    exports: Record<string, string | { types: string; import?: string }>;
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
      const paths =
        typeof target === 'string' ? [target] : [target.import, target.types].filter((p) => p !== undefined);
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

  /**
   * A small app per framework, type-checked by that framework's own checker against the packed package:
   * one that sets a property wrongly and reads an event's detail wrongly must fail, the right one must
   * pass. The app's other packages are this repository's.
   */
  describe('typed for every framework (quatrix-upload/vue, /svelte, /solid, /preact)', () => {
    let app: string;
    const bin = (name: string): string => join(ROOT, 'node_modules/.bin', name);
    before(() => {
      app = mkdtempSync(join(tmpdir(), 'quatrix-frameworks-'));
      const tarball = execFileSync(npm, ['pack', '--ignore-scripts', '--pack-destination', app], {
        cwd: ROOT,
        encoding: 'utf8',
      })
        .trim()
        .split('\n')
        .pop()!;
      mkdirSync(join(app, 'node_modules'));
      execFileSync('tar', ['xzf', join(app, tarball), '-C', app]);
      renameSync(join(app, 'package'), join(app, 'node_modules/quatrix-upload'));
      for (const name of readdirSync(join(ROOT, 'node_modules')))
        if (name !== '.bin' && name !== 'quatrix-upload')
          symlinkSync(join(ROOT, 'node_modules', name), join(app, 'node_modules', name));
    });
    after(() => rmSync(app, { recursive: true, force: true }));

    const compilerOptions = {
      strict: true,
      module: 'ESNext',
      moduleResolution: 'bundler',
      target: 'ES2022',
      lib: ['ES2022', 'DOM'],
      noEmit: true,
      skipLibCheck: true,
    };

    /** Writes a project of `files` in `dir` and runs `command` on it: its output, and whether it passed. */
    function check(
      dir: string,
      files: Record<string, string>,
      command: string[],
    ): { ok: boolean; out: string } {
      const root = join(app, dir);
      rmSync(root, { recursive: true, force: true });
      mkdirSync(root);
      for (const [name, text] of Object.entries(files)) writeFileSync(join(root, name), text);
      try {
        return {
          ok: true,
          out: execFileSync(command[0]!, command.slice(1), { cwd: root, encoding: 'utf8', stdio: 'pipe' }),
        };
      } catch (error) {
        const e = error as { stdout?: string; stderr?: string };
        return { ok: false, out: `${e.stdout ?? ''}${e.stderr ?? ''}` };
      }
    }

    /** Runs the wrong and the right app; the wrong one must fail on both of its mistakes. */
    function holds(
      name: string,
      app: (maxFiles: string, detail: string) => Record<string, string>,
      command: string[],
    ): void {
      const wrong = check(`${name}-wrong`, app(`'three'`, 'e.detail.nope'), command);
      assert.equal(wrong.ok, false, `${name}: a wrong app passed`);
      assert.match(
        wrong.out,
        /not assignable to type 'number'/,
        `${name}: max-files as a string\n${wrong.out}`,
      );
      assert.match(wrong.out, /'nope' does not exist/, `${name}: a detail it does not have\n${wrong.out}`);
      const right = check(`${name}-right`, app('3', 'e.detail.result.fileId'), command);
      assert.equal(right.ok, true, `${name}: the right app failed\n${right.out}`);
    }

    it('Vue: vue-tsc checks the props (by their camelCase names) and the events of the template', () => {
      holds(
        'vue',
        (max, detail) => ({
          'env.d.ts': '/// <reference types="quatrix-upload/vue" />\n',
          'App.vue': `<script setup lang="ts">
import type { QuatrixEventDetails } from 'quatrix-upload';
const site = 'https://acme.quatrix.it';
const done = (e: CustomEvent<QuatrixEventDetails['quatrix-file-done']>): string => ${detail};
</script>
<template>
  <!-- (A literal site="https://…" stops vue-tsc 3.3 checking the element's other props: bound here.) -->
  <quatrix-uploader :site="site" folder-id="f1" :max-files="${max}" @quatrix-file-done="done" />
</template>
`,
          'tsconfig.json': JSON.stringify({ compilerOptions, include: ['*.vue', '*.d.ts'] }),
        }),
        [bin('vue-tsc'), '-p', 'tsconfig.json'],
      );
    });

    it('Svelte: svelte-check checks the attributes and the handlers (Svelte 5 onquatrix-…)', () => {
      holds(
        'svelte',
        (max, detail) => ({
          'env.d.ts': '/// <reference types="quatrix-upload/svelte" />\n',
          'App.svelte': `<script lang="ts">
  import type { QuatrixEventDetails } from 'quatrix-upload';
  const done = (e: CustomEvent<QuatrixEventDetails['quatrix-file-done']>): string => ${detail};
</script>

<quatrix-uploader site="https://acme.quatrix.it" folder-id="f1" max-files={${max}} onquatrix-file-done={done}></quatrix-uploader>
`,
          'tsconfig.json': JSON.stringify({
            compilerOptions: { ...compilerOptions, verbatimModuleSyntax: true },
            include: ['*.svelte', '*.d.ts'],
          }),
        }),
        [bin('svelte-check'), '--tsconfig', './tsconfig.json', '--output', 'human', '--fail-on-warnings'],
      );
    });

    for (const [name, jsxImportSource, event] of [
      ['solid', 'solid-js', 'on:quatrix-file-done'],
      ['preact', 'preact', 'onquatrix-file-done'],
    ] as const)
      it(`${name === 'solid' ? 'Solid' : 'Preact'}: tsc checks the JSX props and the typed events`, () => {
        holds(
          name,
          (max, detail) => ({
            'app.tsx': `/// <reference types="quatrix-upload/${name}" />
export const App = () => (
  <quatrix-uploader site="https://acme.quatrix.it" folder-id="f1" max-files={${max}} ${event}={(e) => ${detail}} />
);
`,
            'tsconfig.json': JSON.stringify({
              compilerOptions: {
                ...compilerOptions,
                jsx: name === 'solid' ? 'preserve' : 'react-jsx',
                jsxImportSource,
              },
              include: ['*.tsx'],
            }),
          }),
          [bin('tsc'), '-p', 'tsconfig.json'],
        );
      });
  });
});
