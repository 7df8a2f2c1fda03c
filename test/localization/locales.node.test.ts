import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const config = JSON.parse(readFileSync(join(ROOT, 'lit-localize.json'), 'utf8')) as {
  sourceLocale: string;
  targetLocales: string[];
};

/** The locales the product promises: thirty, three of them (besides Arabic) written right to left. */
const PROMISED = [
  ...['en', 'de', 'fr', 'es', 'it', 'nl', 'pt-BR', 'pl', 'sv', 'uk', 'ja', 'zh-Hans', 'ar'],
  ...[
    'he',
    'fa',
    'ur',
    'ko',
    'zh-Hant',
    'tr',
    'ru',
    'cs',
    'da',
    'fi',
    'nb',
    'ro',
    'hu',
    'el',
    'id',
    'vi',
    'th',
  ],
];

/** Words that stay as they are in every language's UI. */
const UNTRANSLATED = /^(?:PIN|CAPTCHA|Quatrix|Ctrl\+C|⌘C|OK|E-mail|Link)$/i;

interface Unit {
  id: string;
  source: string;
  target: string | undefined;
  note: string | undefined;
}

/** The trans-units of an XLIFF 1.2 file as @lit/localize writes it (one unit per message). */
function units(xml: string): Unit[] {
  return [...xml.matchAll(/<trans-unit id="([^"]+)">([\s\S]*?)<\/trans-unit>/g)].map(([, id, body]) => ({
    id: id!,
    source: /<source>([\s\S]*?)<\/source>/.exec(body!)?.[1] ?? '',
    target: /<target>([\s\S]*?)<\/target>/.exec(body!)?.[1],
    note: /<note[^>]*>([\s\S]*?)<\/note>/.exec(body!)?.[1],
  }));
}

/** The placeholders of a text, sorted: `<x id="0" equiv-text="${count}"/>`. */
const placeholders = (text: string): string[] => [...text.matchAll(/<x [^>]*\/>/g)].map((m) => m[0]).sort();

/** The words of a text outside its placeholders and markup. */
const words = (text: string): string[] =>
  text
    .replace(/<x [^>]*\/>/g, ' ')
    .replace(/&[a-z]+;/g, ' ')
    .split(/[^\p{L}+⌘-]+/u)
    .filter((w) => /\p{L}/u.test(w));

const read = (locale: string): Unit[] => units(readFileSync(join(ROOT, 'locales', `${locale}.xlf`), 'utf8'));

describe('locales', () => {
  it('should bundle the thirty promised locales, English as the source', () => {
    assert.equal(config.sourceLocale, 'en');
    assert.deepEqual([config.sourceLocale, ...config.targetLocales].sort(), [...PROMISED].sort());
    const files = readdirSync(join(ROOT, 'locales')).filter((f) => f.endsWith('.xlf'));
    assert.deepEqual(files.sort(), config.targetLocales.map((l) => `${l}.xlf`).sort());
  });

  it('should translate every message in every locale, keeping every placeholder exactly once', () => {
    const reference = read(config.targetLocales[0]!)
      .map((u) => u.id)
      .sort();
    assert.ok(reference.length > 100, `${reference.length} messages`);
    for (const locale of config.targetLocales) {
      const all = read(locale);
      assert.deepEqual(all.map((u) => u.id).sort(), reference, `${locale}: the same messages`);
      for (const unit of all) {
        assert.ok(unit.target?.trim(), `${locale} ${unit.id}: no translation`);
        // (@lit/localize refuses to build a translation that drops or adds one.)
        assert.deepEqual(
          placeholders(unit.target!),
          placeholders(unit.source),
          `${locale} ${unit.id}: placeholders`,
        );
        assert.ok(unit.note, `${locale} ${unit.id}: a description for translators`);
      }
    }
  });

  it('should leave nothing in English in a translated locale', () => {
    for (const locale of config.targetLocales) {
      for (const unit of read(locale)) {
        const translatable = words(unit.source).filter((w) => !UNTRANSLATED.test(w));
        if (translatable.length === 0) continue;
        assert.notEqual(unit.target, unit.source, `${locale} ${unit.id}: still English`);
        // Whole English phrases do not survive: no run of three source words in a row.
        const source = words(unit.source).join(' ').toLowerCase();
        const target = words(unit.target ?? '');
        for (let i = 0; i + 3 <= target.length; i++) {
          const run = target
            .slice(i, i + 3)
            .join(' ')
            .toLowerCase();
          assert.ok(
            !source.includes(run) || target.slice(i, i + 3).every((w) => UNTRANSLATED.test(w)),
            `${locale} ${unit.id}: "${run}" is English`,
          );
        }
      }
    }
  });

  it("should keep each button's visible word inside its longer accessible name (WCAG 2.5.3)", () => {
    for (const locale of config.targetLocales) {
      const target = new Map(read(locale).map((u) => [u.id, u.target ?? '']));
      // As a whole word where words are spaced (axe refuses "eltávolítás" inside "eltávolítása").
      const spaced = !/^(ja|zh)/.test(locale);
      for (const action of ['pause', 'resume', 'retry', 'cancel', 'remove']) {
        const visible = target.get(`list.${action}`)!.toLowerCase();
        const name = target.get(`list.${action}-file`)!.toLowerCase();
        const escaped = visible.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        const word = new RegExp(`(?<![\\p{L}\\p{M}])${escaped}(?![\\p{L}\\p{M}])`, 'u');
        assert.ok(
          spaced ? word.test(name) : name.includes(visible),
          `${locale} list.${action}-file "${name}" lacks "${visible}"`,
        );
      }
    }
  });

  it('should give every plural message all six CLDR forms', () => {
    const ids = new Set(read(config.targetLocales[0]!).map((u) => u.id));
    const bases = [...ids].filter((id) => id.endsWith('.one')).map((id) => id.slice(0, -'.one'.length));
    assert.ok(bases.length >= 6, `${bases.length} plural messages`);
    for (const base of bases)
      for (const form of ['zero', 'one', 'two', 'few', 'many', 'other'])
        assert.ok(ids.has(`${base}.${form}`), `${base}.${form}`);
  });

  describe('in sync with the sources', () => {
    let dir: string;
    before(() => {
      // Extract and build into a scratch copy: the committed XLIFF and generated modules must be what
      // `npm run i18n:extract` and `npm run i18n:build` would write now.
      dir = mkdtempSync(join(tmpdir(), 'quatrix-i18n-'));
      cpSync(join(ROOT, 'locales'), join(dir, 'locales'), { recursive: true });
      const scratch = {
        ...config,
        tsConfig: join(ROOT, 'tsconfig.json'),
        inputFiles: [join(ROOT, 'src/**/*.ts')],
        output: {
          mode: 'runtime',
          outputDir: join(dir, 'generated/locales'),
          localeCodesModule: join(dir, 'generated/locale-codes.ts'),
        },
        interchange: { format: 'xliff', xliffDir: join(dir, 'locales') },
      };
      writeFileSync(join(dir, 'lit-localize.json'), JSON.stringify(scratch));
      const cli = join(ROOT, 'node_modules/@lit/localize-tools/bin/lit-localize.js');
      for (const command of ['extract', 'build'])
        execFileSync(process.execPath, [cli, command, '--config', join(dir, 'lit-localize.json')], {
          cwd: ROOT,
          stdio: 'pipe',
        });
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('should have extracted every message of the code into locales/ (npm run i18n:extract)', () => {
      for (const locale of config.targetLocales) {
        const committed = readFileSync(join(ROOT, 'locales', `${locale}.xlf`), 'utf8');
        const fresh = readFileSync(join(dir, 'locales', `${locale}.xlf`), 'utf8');
        assert.equal(committed, fresh, `locales/${locale}.xlf is stale: run npm run i18n:extract`);
      }
    });

    it('should have built every locale module from locales/ (npm run i18n:build)', () => {
      for (const locale of config.targetLocales) {
        const committed = readFileSync(join(ROOT, 'src/generated/locales', `${locale}.ts`), 'utf8');
        const fresh = readFileSync(join(dir, 'generated/locales', `${locale}.ts`), 'utf8');
        assert.equal(committed, fresh, `src/generated/locales/${locale}.ts is stale: run npm run i18n:build`);
      }
      const codes = readFileSync(join(ROOT, 'src/generated/locale-codes.ts'), 'utf8');
      assert.equal(codes, readFileSync(join(dir, 'generated/locale-codes.ts'), 'utf8'));
    });
  });
});
