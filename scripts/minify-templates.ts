import ts from 'typescript';
import type { Plugin } from 'vite';

/** Tags whose literal text is markup or style sheets, as Lit names them. */
const TAGS = new Set(['html', 'svg', 'css']);

/**
 * Whitespace of one piece of a template literal made smaller without changing what it means: CSS loses
 * its comments and collapses to single spaces (none next to `{`, `}`, `;` and `,`, none after `:`),
 * loses the `;` before `}` and the zero before a decimal point, quoted strings aside; markup keeps one line break where a break and its indentation were, which
 * renders the same whitespace.
 */
export function squeeze(text: string, tag: string): string {
  if (tag !== 'css') return text.replace(/[ \t]*\n\s*/g, '\n');
  // Quoted strings (font names, `content`) stay as they are; only what lies between them is squeezed.
  return text
    .split(/("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')/)
    .map((part, i) =>
      i % 2 === 1
        ? part
        : part
            .replace(/\/\*[\s\S]*?\*\//g, '')
            .replace(/\s+/g, ' ')
            .replace(/\s*([{};,])\s*/g, '$1')
            .replace(/: /g, ':')
            .replace(/;}/g, '}')
            .replace(/(^|[\s:,(/-])0\.(\d)/g, '$1.$2'),
    )
    .join('');
}

/**
 * Shrinks the whitespace inside Lit's `html`, `svg` and `css` templates of our sources, for the
 * script-tag file: the minifier leaves template literals as they are, indentation included. Pieces
 * around `${…}` are edited one by one, so no binding moves.
 */
export function minifyTemplates(): Plugin {
  return {
    name: 'quatrix-minify-templates',
    transform(code, id) {
      if (!/\/src\/.*\.ts$/.test(id) || !/\b(html|css|svg)`/.test(code)) return null;
      const source = ts.createSourceFile(id, code, ts.ScriptTarget.ES2022, true);
      const edits: Array<[start: number, end: number, text: string]> = [];
      const visit = (node: ts.Node): void => {
        if (ts.isTaggedTemplateExpression(node) && ts.isIdentifier(node.tag) && TAGS.has(node.tag.text)) {
          const tag = node.tag.text;
          const pieces = ts.isNoSubstitutionTemplateLiteral(node.template)
            ? [node.template]
            : [node.template.head, ...node.template.templateSpans.map((s) => s.literal)];
          for (const piece of pieces) {
            // The raw text sits between the opening (` or }) and the closing (` or ${) delimiters.
            const start = piece.getStart(source) + 1;
            const end = piece.getEnd() - (ts.isTemplateHead(piece) || ts.isTemplateMiddle(piece) ? 2 : 1);
            const raw = code.slice(start, end);
            const squeezed = squeeze(raw, tag);
            if (squeezed !== raw) edits.push([start, end, squeezed]);
          }
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
      if (edits.length === 0) return null;
      let out = code;
      for (const [start, end, text] of edits.sort((a, b) => b[0] - a[0]))
        out = out.slice(0, start) + text + out.slice(end);
      return { code: out, map: null };
    },
  };
}
