// Lint: typescript-eslint recommended + React hooks, zero warnings. The import restrictions keep
// the layering of STYLE.md honest: shared/ is pure, the renderer never touches Node or Electron.

import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const NODE_AND_ELECTRON = {
  patterns: [
    {
      group: ['node:*', 'electron', 'fs', 'path', 'child_process', 'os'],
      message: 'Renderer and shared code must not use Node or Electron APIs.',
    },
  ],
};

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      'dist',
      'dist-electron',
      'dist-server',
      'release',
      'test-results',
      'playwright-report',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-definitions': ['error', 'type'],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      'no-restricted-imports': ['error', NODE_AND_ELECTRON],
    },
  },
  {
    // Unit tests (and their helpers in renderer/test-support/) run in Node: they may read
    // fixtures (e.g. the PDF tests read the font file).
    files: ['renderer/**/*.test.{ts,tsx}', 'renderer/test-support/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...NODE_AND_ELECTRON.patterns,
            {
              group: ['dexie', 'react', 'react-dom', 'pg', 'antd'],
              message: 'shared/ is pure domain code.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['server/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/renderer/**',
                '**/electron/**',
                '**/shared/desktop/**',
                'electron',
                'dexie',
                'dexie-*',
                'react',
                'react-dom',
                'antd',
              ],
              message: 'server/ runs in Node: no client, Electron or UI code.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['scripts/**/*.{js,mjs}', '*.config.{js,ts}'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
  {
    // electron-builder reads its configuration with require().
    files: ['*.config.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { process: 'readonly', module: 'writable' },
    },
  },
);
