import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { minifyTemplates } from './scripts/minify-templates.js';
import { leanRuntime } from './scripts/lean-runtime.js';
import { stripMsgDescriptions } from './scripts/strip-msg-desc.js';

// `npm run build` (2 of 2): the file for the script tag, `dist/cdn/quatrix-upload.js`, a module that
// brings everything it needs (Lit, @lit/localize) and defines every element, each only once per page:
//   <script type="module" src="https://…/quatrix-upload.js"></script>
// What only some pages need comes beside it in chunks/, fetched on demand relative to the file: each
// locale's strings, the chunk loop (prefetched as soon as an element is set up), tus-js-client (only for a tus endpoint), the virtualizer (for
// a list of 50 files or more), encryption, and every element but the widget (`<quatrix-file-request>`, `<quatrix-uploader>`,
// `<quatrix-request-files>`, when one is in the page: see src/script-tag.ts). An application build (not
// lib mode) so that whitespace is minified too.
/** Modules of the script-tag file itself: Lit and our code. */
const EAGER = /\/(node_modules\/(lit|lit-html|lit-element|@lit)\/|src\/)/;
/** Our modules that are chunks of their own, fetched on demand. */
const LAZY =
  /\/src\/(components\/request-files\/|components\/uploader\/|upload\/targets\/folder|components\/file-request\/|components\/widget\/(captcha-providers|captcha-dialog|sender-fields-view)|components\/parts\/trap-focus|components\/parts\/(virtual-list|file-list|thumbnail)|controllers\/narrator|upload\/encryption\/(index|pgp|copies)|upload\/handles|upload\/transports\/(quatrix|tus|quatrix-http-stack|chunk-wire|chunk-requests|chunk-upload)\.|generated\/locales\/)/;

/** Each translation: an entry of its own, `chunks/locale-<locale>.js`, which the page imports by URL. */
const LOCALES = (
  JSON.parse(readFileSync(new URL('lit-localize.json', import.meta.url), 'utf8')) as {
    targetLocales: string[];
  }
).targetLocales;

/**
 * Sending files: the prepare, transfer and finalize stages with the Quatrix transport (the chunk loop
 * and the chunk protocol), one chunk, fetched when an engine is made. tus-js-client stays apart: only
 * a tus endpoint needs it.
 */
const SEND =
  /\/src\/upload\/(stages\/(send|prepare|transfer|finalize)|transports\/(load|chunk-size|quatrix|quatrix-http-stack|chunk-wire|chunk-requests|chunk-upload))\./;

/**
 * The two chunks an element fetches as it is set up, each also an entry of the build: a dynamic import
 * of an entry gets the chunk's own exports, where a module inside a group would need a namespace object
 * and with it the bundler's runtime helpers, a file more to fetch.
 */
const SET_UP = { send: 'chunks/send', view: 'chunks/upload-view' } as const;

/** The file list and the narrator of uploads, fetched together when an element is set up. */
const UPLOAD_VIEW = /\/src\/(controllers\/narrator|components\/parts\/(file-list|thumbnail))\./;

/**
 * Modules the script-tag file imports statically, followed import by import from the entry: what a
 * widget page runs. Code that only the other elements or an on-demand chunk import (the request
 * creator's API calls, the folder target) is left out of the file and goes with them.
 */
const eager = new Set<string>();
function followStaticImports(): Plugin {
  return {
    name: 'quatrix-follow-static-imports',
    buildEnd() {
      eager.clear();
      const entry = [...this.getModuleIds()].find((id) => id.endsWith('/src/script-tag.ts'));
      const stack = entry ? [entry] : [];
      while (stack.length > 0) {
        const id = stack.pop()!;
        if (eager.has(id)) continue;
        eager.add(id);
        stack.push(...(this.getModuleInfo(id)?.importedIds ?? []));
      }
    },
  };
}

export default defineConfig({
  plugins: [stripMsgDescriptions(), minifyTemplates(), followStaticImports(), leanRuntime()],
  publicDir: false,
  resolve: {
    // Translations by URL instead of a map of thirty imports (see locale-loaders.cdn.ts).
    alias: [
      {
        find: /^\.\/locale-loaders\.js$/,
        replacement: fileURLToPath(new URL('src/localization/locale-loaders.cdn.ts', import.meta.url)),
      },
    ],
  },
  build: {
    target: 'es2022',
    outDir: 'dist/cdn',
    emptyOutDir: true,
    sourcemap: true,
    minify: true,
    modulePreload: false,
    rollupOptions: {
      input: {
        'quatrix-upload': 'src/script-tag.ts',
        [SET_UP.send]: 'src/upload/stages/send.ts',
        [SET_UP.view]: 'src/components/parts/file-list.ts',
        ...Object.fromEntries(LOCALES.map((l) => [`chunks/locale-${l}`, `src/generated/locales/${l}.ts`])),
      },
      // Shared code lives in this file, which the chunks import from: nothing else to fetch before
      // the elements show.
      preserveEntrySignatures: 'allow-extension',
      output: {
        // The set-up chunks are named by content like every chunk; the file and the locales by a fixed name.
        entryFileNames: (chunk) =>
          Object.values<string>(SET_UP).includes(chunk.name) ? '[name]-[hash].js' : '[name].js',
        chunkFileNames: 'chunks/[name]-[hash].js',
        // Everything the elements share (Lit and our code, but for what is fetched on demand) is one
        // group, folded back into the entry file. Without it, a chunk that imports shared code (the
        // request-files element) makes the bundler move that code into chunks of its own, each one
        // more request before anything shows.
        codeSplitting: {
          groups: [
            {
              name: 'quatrix-upload',
              test: (id: string) => EAGER.test(id) && !LAZY.test(id) && eager.has(id),
            },
            { name: 'send', test: (id: string) => SEND.test(id) && !eager.has(id) },
            // What shows the files and tells screen readers about them: one chunk, fetched at set-up.
            { name: 'upload-view', test: (id: string) => UPLOAD_VIEW.test(id) },
          ],
        },
      },
    },
  },
});
