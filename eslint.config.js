import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'src/generated', '.emulator-data'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The core stays framework-free: the typed client and the upload engine never import Lit.
    files: ['src/api/**/*.ts', 'src/upload/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['lit', 'lit/*', '@lit/*'], message: 'src/api and src/upload must not import Lit.' },
          ],
        },
      ],
    },
  },
  {
    // Every sentence has its own id: translators keep it when the English changes, and the script-tag
    // build leaves out @lit/localize's hashing of sentences without one (vite.script.config.ts).
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.name='msg'][arguments.length<2]",
          message: 'msg() needs its options with an id: msg(…, { id, desc }).',
        },
        {
          selector: "CallExpression[callee.name='msg'] > ObjectExpression:not(:has(Property[key.name='id']))",
          message: 'msg() needs an id: msg(…, { id, desc }).',
        },
      ],
    },
  },
  {
    files: ['test/fixtures/**/*.js', 'demo/public/**/*.js'],
    languageOptions: { globals: { window: 'readonly', document: 'readonly' } },
  },
  {
    files: ['scripts/**/*.mjs', '*.config.mjs', '*.config.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
