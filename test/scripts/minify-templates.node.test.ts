import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { minifyTemplates, squeeze } from '../../scripts/minify-templates.js';

type Transform = (code: string, id: string) => { code: string } | null;
const transform = minifyTemplates().transform as unknown as Transform;

describe('template minifier', () => {
  it('should squeeze CSS but leave quoted strings as they are', () => {
    assert.equal(
      squeeze(
        '\n  :host {\n    font-family: \'Segoe UI\', a ,  b; /* note */\n    content: ", ";\n  }\n',
        'css',
      ),
      ' :host{font-family:\'Segoe UI\',a,b;content:", "}',
    );
  });

  it('should drop the last semicolon of a block and the zero before a decimal point, not of other numbers', () => {
    assert.equal(
      squeeze('a { margin: 0.5rem 10.5px -0.25em; opacity: 0; }', 'css'),
      'a{margin:.5rem 10.5px -.25em;opacity:0}',
    );
  });

  it('should keep one line break in markup where a break and its indentation were', () => {
    assert.equal(squeeze('\n    <p>\n      a  b\n    </p>\n  ', 'html'), '\n<p>\na  b\n</p>\n');
  });

  it('should edit only the text around bindings, in html, svg and css templates of our sources', () => {
    const code = 'const t = html`\n  <b>${x}</b>\n  <i\n    title=${y}>x</i>`;\nconst s = `\n  keep`;\n';
    const out = transform(code, '/p/src/a.ts');
    assert.equal(out?.code, 'const t = html`\n<b>${x}</b>\n<i\ntitle=${y}>x</i>`;\nconst s = `\n  keep`;\n');
    assert.equal(transform(code, '/p/node_modules/a.ts'), null);
  });
});
