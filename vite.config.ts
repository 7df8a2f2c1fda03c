import { defineConfig } from 'vite';

// `npm run build`: the ESM library build of src/index.ts for npm; dependencies stay external so the
// application's bundler deduplicates them. Type declarations come from tsc (tsconfig.build.json).
export default defineConfig({
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    minify: false,
    lib: {
      entry: 'src/index.ts',
      formats: ['es'],
      fileName: () => 'index.js',
    },
    rollupOptions: {
      external: [/^lit($|\/)/, /^@lit\//, /^tus-js-client($|\/)/],
    },
  },
});
