// The Custom Elements Manifest of the package, read from the elements' JSDoc (`@tag`, `@slot`,
// `@csspart`, `@cssproperty`, `@fires`, one line above every property) by the analyzer's Lit support.
// `npm run manifest` writes it to custom-elements.json (the build and `npm pack` do too); the
// documentation test and the README's API tables read it from buildManifest().
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { create, ts } from '@custom-elements-manifest/analyzer';
import { litPlugin } from '@custom-elements-manifest/analyzer/src/features/framework-plugins/lit/lit.js';
import type { Package } from 'custom-elements-manifest/schema';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The element sources: every `.ts` under src/components but the style sheets and the `.define.ts` entries. */
export function componentSources(): string[] {
  const dir = join(ROOT, 'src/components');
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.styles.ts') && !f.endsWith('.define.ts'))
    .map((f) => relative(ROOT, join(dir, f)).replaceAll('\\', '/'))
    .sort();
}

export function buildManifest(): Package {
  const modules = componentSources().map((file) =>
    ts.createSourceFile(file, readFileSync(join(ROOT, file), 'utf8'), ts.ScriptTarget.ES2022, true),
  );
  return create({ modules, plugins: litPlugin(), context: { dev: false } });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const out = join(ROOT, 'custom-elements.json');
  writeFileSync(out, `${JSON.stringify(buildManifest(), null, 2)}\n`);
  console.log(`manifest: wrote ${relative(process.cwd(), out)}`);
}
