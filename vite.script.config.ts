import { defineConfig } from 'vite';
import { minifyTemplates } from './scripts/minify-templates.js';
import { stripMsgDescriptions } from './scripts/strip-msg-desc.js';

// `npm run build` (2 of 2): the file for the script tag, `dist/cdn/quatrix-upload.js`, a module that
// brings everything it needs (Lit, @lit/localize) and defines every element, each only once per page:
//   <script type="module" src="https://…/quatrix-upload.js"></script>
// What only some pages need comes beside it in chunks/, fetched on demand relative to the file: each
// locale's strings, tus-js-client (prefetched as soon as an element is set up) and the virtualizer (for
// a list of 50 files or more). An application build (not lib mode) so that whitespace is minified too.
export default defineConfig({
  plugins: [stripMsgDescriptions(), minifyTemplates()],
  publicDir: false,
  build: {
    target: 'es2022',
    outDir: 'dist/cdn',
    emptyOutDir: true,
    sourcemap: true,
    minify: true,
    modulePreload: false,
    rollupOptions: {
      input: { 'quatrix-upload': 'src/define.ts' },
      // Shared code lives in this file, which the chunks import from: nothing else to fetch before
      // the elements show.
      preserveEntrySignatures: 'allow-extension',
      output: {
        entryFileNames: '[name].js',
        chunkFileNames: 'chunks/[name]-[hash].js',
      },
    },
  },
});
