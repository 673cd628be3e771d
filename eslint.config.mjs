// ESLint: a small rule set on top of the type checker (tsc stays strict), and the layering of src/
// (lint/layering.mjs), which says where code may import from by where it runs.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { layeringRule } from './lint/layering.mjs';

/** Browser globals that must not appear in src/core, which also runs in Node processes. */
const DOM_GLOBALS = ['window', 'document', 'navigator', 'HTMLElement', 'HTMLCanvasElement', 'requestAnimationFrame', 'localStorage', 'Image'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.vscode-test/**', 'test-results/**', 'bench/results/**', 'models/training/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    plugins: { landmarkLens: { rules: { layering: layeringRule } } },
    rules: {
      'landmarkLens/layering': 'error',
      // A variable a callback reads before its one assignment cannot be const.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    files: ['src/core/**'],
    rules: { 'no-restricted-globals': ['error', ...DOM_GLOBALS.map((name) => ({ name, message: 'src/core runs in Node too: no DOM' }))] },
  },
  {
    // Plain JavaScript: build, test and bench scripts run in Node; the webview tests' page functions in Chromium.
    files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  {
    files: ['bin/**'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
