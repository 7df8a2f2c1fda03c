// `npm run frameworks` (the build runs it after the manifest): the elements' types for the frameworks
// that type-check templates, generated from custom-elements.json, in dist/frameworks/:
//   vue.d.ts     `quatrix-upload/vue`     Vue's GlobalComponents (custom-element-vuejs-integration)
//   svelte.d.ts  `quatrix-upload/svelte`  svelteHTML.IntrinsicElements (custom-element-svelte-integration)
//   solid.d.ts   `quatrix-upload/solid`   solid-js's JSX.IntrinsicElements (@wc-toolkit/jsx-types)
//   preact.d.ts  `quatrix-upload/preact`  preact's JSX.IntrinsicElements (@wc-toolkit/jsx-types)
// React has its own wrappers (`quatrix-upload/react`). Each file imports the element classes and the
// event details from the package's own types, so a prop or a handler is checked against them.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateJsxTypes } from '@wc-toolkit/jsx-types';
import { generateSvelteTypes } from 'custom-element-svelte-integration';
import { generateVuejsTypes } from 'custom-element-vuejs-integration';
import type { Attribute, ClassMember, CustomElement, Package } from 'custom-elements-manifest/schema';
import { ROOT } from './manifest.js';

const OUT = join(ROOT, 'dist/frameworks');
/** The package's types, as seen from dist/frameworks/. */
const TYPES = '../index.js';

/**
 * What a template may set: the public, writable fields of each element and the attributes that map to
 * one (`lang` to the field every element has). Read-only getters (`validity`, `form`) and methods are
 * left out: a template cannot set them.
 */
function settable(manifest: Package): Package {
  const copy = structuredClone(manifest);
  for (const mod of copy.modules)
    for (const decl of mod.declarations ?? []) {
      const element = decl as CustomElement;
      if (!element.customElement) continue;
      element.members = element.members?.filter(
        (m: ClassMember) =>
          m.kind === 'field' &&
          !m.static &&
          !(m as { readonly?: boolean }).readonly &&
          (m.privacy ?? 'public') === 'public',
      );
      element.attributes = element.attributes
        ?.map((a: Attribute) => (a.name === 'lang' && !a.fieldName ? { ...a, fieldName: 'lang' } : a))
        .filter((a: Attribute) => a.fieldName);
    }
  return copy;
}

/**
 * One import of the package's types, with what the file uses: the classes and the event details the
 * generated handlers name (the generators import a base class the types never use, and not the details).
 */
function fixImports(file: string): void {
  const text = readFileSync(file, 'utf8');
  const imports = /import type \{([^}]*)\} from "\.\.\/index\.js";\n/.exec(text);
  if (!imports) throw new Error(`frameworks: ${file} does not import the package's types`);
  const body = text.replace(imports[0], '');
  const names = [...imports[1]!.split(','), 'QuatrixEventDetails']
    .map((n) => n.trim())
    .filter((n, i, all) => n && all.indexOf(n) === i && new RegExp(`\\b${n}\\b`).test(body));
  writeFileSync(file, `import type { ${names.join(', ')} } from "${TYPES}";\n${body}`);
}

/**
 * Vue's names for what a template sets: vue-tsc checks `:max-files` as the prop `maxFiles` (Vue sets a
 * custom element's property by its camelCase name) and `@quatrix-file-done` as `onQuatrixFileDone`;
 * the generator writes the attribute and `onquatrix-…` names, which vue-tsc would never match.
 */
function vueNames(file: string): void {
  const camel = (s: string): string => s.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  const text = readFileSync(file, 'utf8').replace(
    /^(\s+)"([a-z][a-z0-9-]*)"\?:/gm,
    (_, indent: string, key: string) => {
      const name = key.startsWith('onquatrix-') ? `on${camel(`-${key.slice(2)}`)}` : camel(key);
      return `${indent}${name}?:`;
    },
  );
  writeFileSync(file, text);
}

/**
 * Svelte's side: the element map goes into the global `svelteHTML` namespace (the generator declares a
 * namespace local to its module, which Svelte never reads), base props name no JSX types (a Svelte
 * project has none), and each event is typed both as Svelte 5 writes a handler (`onquatrix-file-done`)
 * and as Svelte 4 did (`on:quatrix-file-done`).
 */
function svelteNames(file: string): void {
  const text = readFileSync(file, 'utf8')
    .replace(/^\s*children\?: JSX\.Element;\n/m, '')
    .replace('style?: JSX.CSSProperties;', 'style?: string;')
    .replace(/^(\s+)"on:(quatrix-[a-z-]+)"\?:(.*)$/gm, '$1"on:$2"?:$3\n$1"on$2"?:$3')
    .replace(
      /declare namespace svelteHTML \{([\s\S]*?)\n\}/,
      (_, body: string) =>
        `declare global {\n  namespace svelteHTML {${body.replaceAll('\n', '\n  ')}\n  }\n}`,
    );
  if (text.includes('JSX.') || !text.includes('declare global')) throw new Error('frameworks: svelte types');
  writeFileSync(file, text);
}

/** The JSX types with only the augmentation of `module`: no other framework is named (nor needed). */
function forJsxModule(all: string, module: string): string {
  const blocks = [...all.matchAll(/\ndeclare (module "[^"]+"|global) \{[\s\S]*?\n\}\n/g)];
  const kept = blocks.find((b) => b[1] === `module "${module}"`);
  if (!kept) throw new Error(`frameworks: no augmentation of "${module}" was generated`);
  // The manifest names each event's detail; the generator takes it for the event itself.
  const body = all
    .slice(0, blocks[0]!.index)
    .replace(/ElementEvent<(QuatrixEventDetails\["[a-z-]+"\])>/g, 'ElementEvent<CustomEvent<$1>>');
  // Solid's JSX namespace is declared in solid-js/jsx-runtime (where `jsxImportSource` looks), and only
  // re-exported by solid-js, so an augmentation of solid-js never reaches it.
  const block = module === 'solid-js' ? kept[0].replace('"solid-js"', '"solid-js/jsx-runtime"') : kept[0];
  return `${body}${block}`;
}

export function generateFrameworkTypes(): void {
  const manifest = settable(JSON.parse(readFileSync(join(ROOT, 'custom-elements.json'), 'utf8')) as Package);
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const quiet = console.log;
  console.log = () => {};
  try {
    generateVuejsTypes(manifest, { outdir: OUT, fileName: 'vue.d.ts', globalTypePath: TYPES });
    generateSvelteTypes(manifest, { outdir: OUT, fileName: 'svelte.d.ts', globalTypePath: TYPES });
    generateJsxTypes(manifest, {
      outdir: OUT,
      fileName: 'jsx.tmp.d.ts',
      globalTypePath: TYPES,
      stronglyTypedEvents: true,
    });
  } finally {
    console.log = quiet;
  }
  const jsx = readFileSync(join(OUT, 'jsx.tmp.d.ts'), 'utf8');
  rmSync(join(OUT, 'jsx.tmp.d.ts'));
  writeFileSync(join(OUT, 'solid.d.ts'), forJsxModule(jsx, 'solid-js'));
  writeFileSync(join(OUT, 'preact.d.ts'), forJsxModule(jsx, 'preact'));
  for (const name of ['vue', 'svelte', 'solid', 'preact']) fixImports(join(OUT, `${name}.d.ts`));
  vueNames(join(OUT, 'vue.d.ts'));
  svelteNames(join(OUT, 'svelte.d.ts'));
  console.log(`frameworks: ${OUT}/{vue,svelte,solid,preact}.d.ts`);
}

generateFrameworkTypes();
