import js from '@eslint/js';
import graphqlPlugin from '@graphql-eslint/eslint-plugin';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

// The JavaScript and TypeScript rules apply to code only (the GraphQL SDL has a parser and rules of its own below).
const CODE = ['**/*.{js,mjs,cjs,ts,mts,cts,tsx}'];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/generated/**',
      '.shutter/**',
      'coverage/**',
      '**/dist/**',
      'clients/web/dist.*/**',
    ],
  },
  // (A shared config that names its own files, like typescript-eslint's TypeScript-only overrides, keeps them.)
  ...[js.configs.recommended, ...tseslint.configs.recommended].map((config) => ({ files: CODE, ...config })),
  {
    files: CODE,
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
  // The web client: React's rules of hooks (its effects' dependencies complete).
  {
    files: ['clients/web/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  // Benchmarks print their tables.
  { files: ['bench/**'], rules: { 'no-console': 'off' } },
  // Every type, field, argument, input field and enum value of a subgraph's SDL has a description
  // (what it returns, who may see it, its limits and error codes): clients read them in Sandbox and
  // codegen copies them into the resolver types. Schema-less: the SDL is only parsed, never built,
  // so federation directives need no definitions here.
  {
    files: ['subgraphs/*/src/schema/*.graphql'],
    languageOptions: { parser: graphqlPlugin.parser },
    plugins: { '@graphql-eslint': graphqlPlugin },
    rules: {
      '@graphql-eslint/require-description': [
        'error',
        {
          types: true,
          FieldDefinition: true,
          InputValueDefinition: true,
          EnumValueDefinition: true,
          DirectiveDefinition: true,
        },
      ],
    },
  },
  {
    files: ['**/*.test.ts', '**/*.spec.ts', 'test/**'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
