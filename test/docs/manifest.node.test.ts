import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, it } from 'node:test';
import type { CustomElement, CustomElementDeclaration } from 'custom-elements-manifest/schema';

type Element = CustomElementDeclaration & CustomElement;
import { buildManifest, componentSources, ROOT } from '../../scripts/manifest.js';
import { ELEMENT_EVENTS } from '../../src/events/index.js';

// The manifest is the public API's one source (README tables, editors, React wrappers). These tests
// hold it to the code: every part, event and custom property the elements use is documented, and
// nothing documented is gone from the code.

const manifest = buildManifest();
const elements = manifest.modules
  .flatMap((m) => (m.declarations ?? []).map((d) => ({ path: m.path, d })))
  .filter((x): x is { path: string; d: Element } => 'tagName' in x.d && !!x.d.tagName);

const read = (file: string): string => readFileSync(join(ROOT, file), 'utf8');

/** The element's file and every src/components file it imports (statically or on demand), transitively. */
function sourcesOf(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  for (const [, spec] of read(file).matchAll(/(?:from |import\()'(\.[^']+)\.js'/g)) {
    const next = normalize(join(dirname(file), `${spec!}.ts`)).replaceAll('\\', '/');
    if (next.startsWith('src/components/') && !next.endsWith('.styles.ts')) sourcesOf(next, seen);
  }
  return seen;
}

/** Part names in templates (`part="a b"`, `setAttribute('part', …)`); `file-${status}` is the `file` part's family. */
function partsIn(source: string): Set<string> {
  const names = new Set<string>();
  for (const [, value] of source.matchAll(/\bpart="([^"]+)"/g))
    for (const name of value!.split(/\s+/)) if (!name.includes('${')) names.add(name);
  for (const [, name] of source.matchAll(/setAttribute\('part', '([\w-]+)'\)/g)) names.add(name!);
  return names;
}

const eventsIn = (source: string): Set<string> =>
  new Set([...source.matchAll(/emit\(this,\s*'(quatrix-[\w-]+)'/g)].map((m) => m[1]!));

describe('custom elements manifest', () => {
  it('should describe the four elements that define.ts registers, each with a summary', () => {
    const defined = ['widget', 'uploader', 'file-request', 'request-files'].flatMap((f) =>
      [...read(`src/components/${f}/quatrix-${f}.define.ts`).matchAll(/defineElement\('([\w-]+)'/g)].map(
        (m) => m[1],
      ),
    );
    assert.deepEqual(elements.map((e) => e.d.tagName).sort(), [...defined].sort());
    for (const { d } of elements) {
      assert.ok(d.summary, `${d.tagName} has a @summary`);
      assert.ok(d.description, `${d.tagName} has a description`);
    }
  });

  it('should document every part each element renders, and no part it does not', () => {
    for (const { path, d } of elements) {
      const used = new Set([...sourcesOf(path)].flatMap((f) => [...partsIn(read(f))]));
      const documented = new Set((d.cssParts ?? []).map((p) => p.name));
      assert.deepEqual(
        [...used].filter((p) => !documented.has(p)),
        [],
        `${d.tagName}: undocumented parts`,
      );
      assert.deepEqual(
        [...documented].filter((p) => !used.has(p)),
        [],
        `${d.tagName}: documented parts not rendered`,
      );
      for (const part of d.cssParts ?? []) assert.ok(part.description, `${d.tagName}::part(${part.name})`);
    }
  });

  it('should document every event each element dispatches, with its typed detail', () => {
    const details = read('src/events/index.ts');
    for (const { path, d } of elements) {
      const fired = new Set([...sourcesOf(path)].flatMap((f) => [...eventsIn(read(f))]));
      const documented = new Set((d.events ?? []).map((e) => e.name));
      assert.deepEqual(
        [...fired].filter((e) => !documented.has(e)).sort(),
        [],
        `${d.tagName}: undocumented events`,
      );
      assert.deepEqual(
        [...documented].filter((e) => !fired.has(e)).sort(),
        [],
        `${d.tagName}: documented events never fired`,
      );
      for (const event of d.events ?? []) {
        assert.equal(
          event.type?.text,
          `QuatrixEventDetails['${event.name}']`,
          `${d.tagName} ${event.name} type`,
        );
        assert.ok(details.includes(`'${event.name}': {`), `${event.name} has a detail type`);
        assert.ok(event.description, `${d.tagName} ${event.name} description`);
      }
    }
  });

  it('should list in ELEMENT_EVENTS (read by the React wrappers) exactly the events each element documents', () => {
    assert.deepEqual(Object.keys(ELEMENT_EVENTS).sort(), elements.map((e) => e.d.tagName!).sort());
    for (const { d } of elements) {
      const listed = [...ELEMENT_EVENTS[d.tagName as keyof typeof ELEMENT_EVENTS]].sort();
      assert.deepEqual(listed, (d.events ?? []).map((e) => e.name).sort(), d.tagName);
    }
  });

  it('should document every custom property the styles read, with its default', () => {
    const customProperties = (file: string): Set<string> =>
      new Set([...read(file).matchAll(/var\((--quatrix-[\w-]+)/g)].map((m) => m[1]!));
    const theme = customProperties('src/components/base/theme.styles.ts');
    const all = new Set(
      componentSources()
        .concat([
          'src/components/base/element.styles.ts',
          'src/components/base/theme.styles.ts',
          'src/components/parts/file-list.styles.ts',
        ])
        .flatMap((f) => [...customProperties(f)]),
    );
    const documentedAnywhere = new Set<string>();
    for (const { d } of elements) {
      const documented = new Map((d.cssProperties ?? []).map((p) => [p.name, p]));
      assert.deepEqual(
        [...theme].filter((p) => !documented.has(p)).sort(),
        [],
        `${d.tagName}: theme undocumented`,
      );
      for (const p of documented.values()) {
        assert.ok(p.default && p.description, `${d.tagName} ${p.name}`);
        documentedAnywhere.add(p.name);
      }
    }
    assert.deepEqual([...all].filter((p) => !documentedAnywhere.has(p)).sort(), [], 'undocumented');
    assert.deepEqual([...documentedAnywhere].filter((p) => !all.has(p)).sort(), [], 'documented, never read');
  });

  it('should describe every public property and attribute, and keep secrets out of attributes', () => {
    for (const { d } of elements) {
      const fields = (d.members ?? []).filter((m) => m.kind === 'field' && !m.privacy && !m.static);
      for (const field of fields)
        assert.ok(field.description, `${d.tagName}.${field.name} has a description`);
      for (const attr of d.attributes ?? []) assert.ok(attr.description, `${d.tagName}[${attr.name}]`);
      const attributes = (d.attributes ?? []).map((a) => a.name);
      for (const secret of ['api-key', 'session-token', 'apikey', 'sessiontoken'])
        assert.ok(!attributes.includes(secret), `${d.tagName} has no ${secret} attribute`);
      const methods = (d.members ?? []).filter((m) => m.kind === 'method' && !m.privacy && !m.static);
      for (const method of methods)
        assert.ok(method.description, `${d.tagName}.${method.name}() has a description`);
    }
  });

  it('should give the upload elements the methods the issue names', () => {
    for (const { d } of elements.filter((e) => e.d.tagName !== 'quatrix-request-files')) {
      const methods = (d.members ?? []).filter((m) => m.kind === 'method').map((m) => m.name);
      for (const name of ['addFiles', 'start', 'pause', 'resume', 'cancel', 'reset'])
        assert.ok(methods.includes(name), `${d.tagName}.${name}()`);
    }
  });
});
