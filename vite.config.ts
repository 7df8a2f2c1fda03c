import { defineConfig } from 'vite';
import { stripMsgDescriptions } from './scripts/strip-msg-desc.js';

// `npm run build` (1 of 2): the ESM build for npm. Dependencies stay external so that the application's
// bundler shares them (but @lit/localize, see below); one entry per use (`quatrix-upload`, `/define`, one per element, `/react`); each
// locale's strings are a chunk of their own, loaded when chosen. Type declarations come from tsc
// (tsconfig.build.json); the script-tag file from vite.script.config.ts.
export default defineConfig({
  plugins: [stripMsgDescriptions()],
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    minify: false,
    lib: {
      entry: {
        index: 'src/index.ts',
        define: 'src/define.ts',
        'elements/widget': 'src/components/widget/quatrix-widget.define.ts',
        'elements/uploader': 'src/components/uploader/quatrix-uploader.define.ts',
        'elements/file-request': 'src/components/file-request/quatrix-file-request.define.ts',
        'elements/request-files': 'src/components/request-files/quatrix-request-files.define.ts',
        'react/index': 'src/react/index.ts',
      },
      formats: ['es'],
      fileName: (_format, name) => `${name}.js`,
    },
    rollupOptions: {
      // @lit/localize is bundled, not shared: it can be configured once per copy, and an application
      // that localizes itself with it must keep its own configuration.
      external: [
        /^lit($|\/)/,
        /^@lit\/(react|reactive-element)($|\/)/,
        /^@lit-labs\//,
        /^tus-js-client($|\/)/,
        /^openpgp($|\/)/,
        /^react($|\/)/,
      ],
      output: { chunkFileNames: 'chunks/[name]-[hash].js' },
    },
  },
});
