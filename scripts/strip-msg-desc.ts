import type { Plugin } from 'vite';

/** `, desc: '…'` (or "…", or `…`) inside the options of a `msg()` call. */
const DESC = /,\s*desc:\s*(?:'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`)/g;

/**
 * Drops the translators' descriptions (`msg(…, {id, desc})`) from built code: they are for the XLIFF
 * files, and in runtime mode @lit/localize would otherwise ship every one of them. Each is replaced by
 * spaces of the same length, so line and column positions (and source maps) stay right.
 */
export function stripMsgDescriptions(): Plugin {
  return {
    name: 'quatrix-strip-msg-desc',
    enforce: 'pre',
    transform(code, id) {
      if (!/\/src\/.*\.ts$/.test(id) || !code.includes('desc:')) return null;
      const stripped = code.replace(DESC, (match, offset: number) => {
        // Only a plain string literal, followed by the end of the option or the next one.
        const next = /\S/.exec(code.slice(offset + match.length))?.[0];
        if (next !== ',' && next !== '}')
          throw new Error(`${id}: a msg() desc must be one string literal (found "${next}" after it)`);
        return match.replace(/[^\n]/g, ' ');
      });
      return stripped === code ? null : { code: stripped, map: null };
    },
  };
}
