import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/generated/**', '.shutter/**', 'coverage/**', '**/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', fetch: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': ['error', { allow: ['warn', 'error', 'log'] }],
    },
  },
  // Layers: only a subgraph's repositories (and its composition root, subgraph.ts) reach its Prisma client.
  {
    files: ['subgraphs/*/src/**/*.ts'],
    ignores: ['subgraphs/*/src/repositories/**', 'subgraphs/*/src/subgraph.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/repositories/db.js', '**/generated/prisma/**', '@prisma/client', '@prisma/client/**'],
              // Row types and the opaque `Tx` handle may travel; the client itself may not.
              allowTypeImports: true,
              message: 'Only repositories touch Prisma: call a repository method (or repository.transaction).',
            },
          ],
        },
      ],
    },
  },
  // Configuration is read once, validated, in the env modules; everything else gets it passed in.
  {
    files: ['subgraphs/*/src/**/*.ts', 'gateway/src/**/*.ts', 'packages/*/src/**/*.ts'],
    ignores: ['**/env.ts', 'packages/runtime/src/config.ts', 'packages/testing/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration in env.ts (validated with zod).' },
      ],
    },
  },
  // Every DataLoader comes from createLoader / createKeyLoader (@shutter/runtime): its batch sizes are measured.
  {
    files: ['subgraphs/*/src/**/*.ts', 'gateway/src/**/*.ts', 'packages/*/src/**/*.ts'],
    ignores: ['**/*.spec.ts', 'packages/runtime/src/loaders.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='DataLoader']",
          message:
            'Make loaders with createLoader or createKeyLoader from @shutter/runtime (they measure batch sizes).',
        },
      ],
    },
  },
  // Benchmarks print their tables.
  { files: ['bench/**'], rules: { 'no-console': 'off' } },
  {
    files: ['**/*.test.ts', '**/*.spec.ts', 'test/**'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
