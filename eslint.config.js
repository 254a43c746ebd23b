// One lint configuration for the whole workspace. Run per project through Nx (`npm run check`).
import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/generated/**', '**/.nx/**', '**/.tmp/**', '**/dist/**', 'charts/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    plugins: { '@nx': nx },
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // Apps depend on subgraphs and libs; a subgraph depends only on libs, never on another subgraph.
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [],
          depConstraints: [
            {
              sourceTag: 'type:app',
              onlyDependOnLibsWithTags: ['type:subgraph', 'type:lib', 'type:testkit'],
            },
            { sourceTag: 'type:subgraph', onlyDependOnLibsWithTags: ['type:lib', 'type:testkit'] },
            { sourceTag: 'type:testkit', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
          ],
        },
      ],
      // Configuration is parsed once, in libs/config; everywhere else reads the typed result.
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through @schools24/config.' },
      ],
    },
  },
  {
    files: ['libs/config/src/**/*.ts', 'prisma/tools/**/*.ts', 'vitest.config.ts', '**/test/**/*.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    // Prisma is used only by repositories (and by the db lib, tools and tests that build fixtures).
    files: ['subgraphs/*/src/**/*.ts'],
    ignores: ['subgraphs/*/src/repositories/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            { name: '@schools24/testkit', message: 'The testkit is for tests only.' },
            {
              name: '@schools24/db',
              message: 'Only repositories talk to the database; import types from repositories.',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
);
