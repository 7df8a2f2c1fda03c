import type { Plugin } from 'vite';

const PRELOAD_HELPER = '\0vite/preload-helper.js';
const MSG_ID = '\0quatrix/lit-localize-id-generation.js';

/**
 * Leaves out of the script-tag file two pieces of library runtime that its pages never run:
 *
 * - Vite's preload helper. An application build wraps each `import()` in it, to preload a chunk's own
 *   imports with `<link rel=modulepreload>` and its CSS with `<link rel=stylesheet>`, and to tell a failed
 *   import to the page as a `vite:preloadError` event on `window`. This build sets `modulePreload: false`
 *   and has no CSS, and the event is for an application's own build, not for a file other sites embed
 *   (each caller of `import()` here handles its failure). Here the helper is the import and nothing
 *   more (1.2 KB of gzip otherwise).
 * - @lit/localize's hashing of a sentence into an id, for `msg()` calls without one. Every call here has
 *   its id (a lint rule holds it); should one slip through, its id is empty, no translation matches it,
 *   and the English shows.
 */
export function leanRuntime(): Plugin {
  return {
    name: 'quatrix-lean-runtime',
    enforce: 'pre',
    resolveId(source, importer) {
      if (source === PRELOAD_HELPER) return PRELOAD_HELPER;
      if (source === './id-generation.js' && importer?.includes('/@lit/localize/internal/')) return MSG_ID;
      return null;
    },
    load(id) {
      if (id === PRELOAD_HELPER) return 'export const __vitePreload = (load) => load();';
      if (id === MSG_ID) return "export const generateMsgId = () => '';";
      return null;
    },
  };
}
