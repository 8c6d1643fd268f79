// Lint: typescript-eslint recommended + React hooks, zero warnings. The import restrictions keep
// the layering honest (docs/architecture.md): shared/ is pure, the renderer never touches Node or
// Electron, the renderer's lower layers never import features/ or app/, and a feature reaches
// another feature only through that feature's index.ts.

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

// renderer/{db,ui,state,documents,sync,desktop,i18n} sit below features/ and app/.
const NOT_UP = {
  regex: '(^|/)(features|app)(/|$)',
  message:
    'A lower layer must not import features/ or app/: move the piece both need down into ui/, state/, documents/, sync/ or db/ (docs/architecture.md).',
};

// A feature file `depth` folders below its feature's folder reaches the features/ folder with
// depth + 1 `../`; a name and a `/` after that is another feature's internals. Going through
// renderer/features/ by a longer path is refused too.
const otherFeatureInternals = (depth) => ({
  regex: `^(\\.\\./){${depth + 1}}[^./][^/]*/|(^|/)features/[^/]+/|(^|/)app(/|$)`,
  message:
    "A feature imports another feature only through that feature's index.ts (what it deliberately exposes), never app/; a piece several features share belongs in ui/, state/, documents/, sync/ or db/ (docs/architecture.md).",
});

const RENDERER_LOWER_LAYERS = ['db', 'ui', 'state', 'documents', 'sync', 'desktop', 'i18n'].map(
  (folder) => `renderer/${folder}/**/*.{ts,tsx}`,
);

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
    files: RENDERER_LOWER_LAYERS,
    rules: {
      'no-restricted-imports': ['error', { patterns: [...NODE_AND_ELECTRON.patterns, NOT_UP] }],
    },
  },
  ...[0, 1, 2, 3].map((depth) => ({
    files: [`renderer/features/*/${'*/'.repeat(depth)}*.{ts,tsx}`],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [...NODE_AND_ELECTRON.patterns, otherFeatureInternals(depth)] },
      ],
    },
  })),
  {
    // Unit tests (and their *-test-support helpers) run in Node: they may read fixtures (e.g. the
    // PDF tests read the font file). The layering still holds for them.
    files: [
      'renderer/**/*.test.{ts,tsx}',
      'renderer/**/*-test-support.ts',
      'renderer/test-support/**/*.ts',
    ],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: RENDERER_LOWER_LAYERS.flatMap((glob) => [
      glob.replace('*.{ts,tsx}', '*.test.{ts,tsx}'),
      glob.replace('*.{ts,tsx}', '*-test-support.ts'),
    ]),
    rules: { 'no-restricted-imports': ['error', { patterns: [NOT_UP] }] },
  },
  ...[0, 1, 2, 3].map((depth) => ({
    files: [`renderer/features/*/${'*/'.repeat(depth)}*.test.{ts,tsx}`],
    rules: { 'no-restricted-imports': ['error', { patterns: [otherFeatureInternals(depth)] }] },
  })),
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
            {
              regex: '(^|/)renderer(/|$)',
              message: 'shared/ is the lowest layer: it never imports the renderer.',
            },
          ],
        },
      ],
    },
  },
  {
    // Unit tests of shared/ run in Node too: the import's tests read their fixture files.
    files: ['shared/**/*.test.ts'],
    rules: { 'no-restricted-imports': 'off' },
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
