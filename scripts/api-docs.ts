// The API tables of the README, generated from the Custom Elements Manifest (so they are written once,
// in the elements' JSDoc). `npm run docs` prints them; `--write` puts them into README.md between the
// `<!-- api:start -->` and `<!-- api:end -->` markers; `--check` fails when README.md is out of date.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import type {
  Attribute,
  ClassMember,
  CustomElement,
  CustomElementDeclaration,
} from 'custom-elements-manifest/schema';
import { buildManifest, ROOT } from './manifest.js';

type Element = CustomElementDeclaration & CustomElement;

/**
 * What the manifest names only by reference, spelled out: the detail of each event (the members of
 * `QuatrixEventDetails`) and the string-literal types of properties (`FieldMode`…).
 */
function typeTexts(): { details: Map<string, string>; aliases: Map<string, string> } {
  const details = new Map<string, string>();
  const aliases = new Map<string, string>();
  const files = [
    'src/events/index.ts',
    'src/components/widget/quatrix-widget.ts',
    'src/components/widget/captcha-providers.ts',
    'src/components/widget/sender-fields.ts',
    'src/upload/targets/folder.ts',
  ];
  for (const file of files) {
    const source = ts.createSourceFile(
      file,
      readFileSync(join(ROOT, file), 'utf8'),
      ts.ScriptTarget.ES2022,
      true,
    );
    source.forEachChild((node) => {
      if (ts.isInterfaceDeclaration(node) && node.name.text === 'QuatrixEventDetails') {
        for (const member of node.members)
          if (ts.isPropertySignature(member) && member.type && ts.isStringLiteral(member.name))
            details.set(member.name.text, member.type.getText(source).replace(/\s+/g, ' '));
      }
      if (ts.isTypeAliasDeclaration(node) && ts.isUnionTypeNode(node.type))
        aliases.set(node.name.text, node.type.getText(source));
    });
  }
  return { details, aliases };
}

const TYPES = typeTexts();
const spelled = (type: string | undefined): string | undefined =>
  type?.replace(/\b[A-Z]\w+\b/g, (name) => TYPES.aliases.get(name) ?? name);

/** Markdown table cell: one line, pipes escaped. */
const cell = (text: string | undefined): string =>
  (text ?? '').replace(/\s*\n\s*/g, ' ').replaceAll('|', '\\|');
const code = (text: string | undefined): string => (text ? `\`${cell(text)}\`` : '');

function table(head: string[], rows: string[][]): string {
  if (rows.length === 0) return '';
  return [
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

function properties(el: Element): string {
  const attributes = new Map((el.attributes ?? []).map((a: Attribute) => [a.fieldName ?? a.name, a]));
  const fields = (el.members ?? []).filter(
    (m: ClassMember) => m.kind === 'field' && !m.privacy && !m.static && m.description,
  );
  return table(
    ['Property', 'Attribute', 'Type', 'Default', 'Description'],
    fields.map((f) => {
      const attribute = attributes.get(f.name)?.name;
      const type = f.kind === 'field' ? spelled(f.type?.text) : '';
      const fallback = f.kind === 'field' ? f.default : '';
      return [
        code(f.name),
        attribute ? code(attribute) : '(property only)',
        code(type),
        code(fallback),
        cell(f.description),
      ];
    }),
  );
}

function methods(el: Element): string {
  const list = (el.members ?? []).filter((m) => m.kind === 'method' && !m.privacy && !m.static);
  return table(
    ['Method', 'Description'],
    list.map((m) => {
      const params = m.kind === 'method' ? (m.parameters ?? []).map((p) => p.name).join(', ') : '';
      return [code(`${m.name}(${params})`), cell(m.description)];
    }),
  );
}

export function apiMarkdown(): string {
  const manifest = buildManifest();
  const elements = manifest.modules
    .flatMap((m) => m.declarations ?? [])
    .filter((d): d is Element => 'tagName' in d && !!d.tagName)
    .sort((a, b) => order(a.tagName!) - order(b.tagName!));
  const sections = elements.map((el) =>
    [
      `### \`<${el.tagName}>\``,
      cell(el.description),
      properties(el),
      methods(el),
      table(
        ['Event', 'Detail', 'Description'],
        (el.events ?? []).map((e) => [
          code(e.name),
          code(TYPES.details.get(e.name ?? '') ?? e.type?.text),
          cell(e.description),
        ]),
      ),
      table(
        ['Slot', 'Description'],
        (el.slots ?? []).map((s) => [code(s.name), cell(s.description)]),
      ),
      table(
        ['Part', 'Description'],
        (el.cssParts ?? []).map((p) => [code(p.name), cell(p.description)]),
      ),
      table(
        ['Custom property', 'Default', 'Description'],
        (el.cssProperties ?? []).map((p) => [code(p.name), code(p.default), cell(p.description)]),
      ),
    ]
      .filter(Boolean)
      .join('\n\n'),
  );
  return `${sections.join('\n\n')}\n`;
}

const ORDER = ['quatrix-widget', 'quatrix-uploader', 'quatrix-file-request', 'quatrix-request-files'];
const order = (tag: string): number => ORDER.indexOf(tag);

const START = '<!-- api:start -->';
const END = '<!-- api:end -->';

function withApi(readme: string, api: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${START} … ${END} section`);
  return `${readme.slice(0, start + START.length)}\n\n${api}\n${readme.slice(end)}`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const api = apiMarkdown();
  const path = join(ROOT, 'README.md');
  if (process.argv.includes('--write')) {
    writeFileSync(path, withApi(readFileSync(path, 'utf8'), api));
    console.log('docs: README.md API tables written');
  } else if (process.argv.includes('--check')) {
    const readme = readFileSync(path, 'utf8');
    if (withApi(readme, api) !== readme) {
      console.error('docs: README.md API tables are out of date; run `npm run docs -- --write`');
      process.exit(1);
    }
    console.log('docs: README.md API tables are up to date');
  } else {
    process.stdout.write(api);
  }
}
