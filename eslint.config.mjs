// ESLint flat config for the whole repository (`npm run lint`).
// Formatting is Prettier's job (.prettierrc); eslint-config-prettier switches off every
// stylistic rule that would disagree with it.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: ['**/dist/**', '**/node_modules/**', 'coverage/**', 'data/**'],
  },
  // An `eslint-disable` comment that no longer silences anything is itself an error, so the
  // ones left stay meaningful.
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: { ...globals.node },
    },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.js', '.cjs', '.mjs'],
      'import-x/external-module-folders': ['node_modules', 'node_modules/@types'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [
        createTypeScriptImportResolver({
          project: ['packages/*/tsconfig.json', 'plugins/*/tsconfig.json', 'tsconfig.test.json'],
          noWarnOnMultipleProjects: true,
        }),
      ],
    },
    rules: {
      // Packages point only at core and core at no plugin; a cycle inside a package is the
      // first step towards undoing that.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-self-import': 'error',
      'import-x/no-duplicates': 'error',
      // `_`-prefixed parameters and destructured leftovers are deliberately unused (contract
      // signatures, `const { secret: _, ...rest }`).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': 'off',
    },
  },
  {
    // Tests load the fixture plugins (plain JavaScript, no type declarations) the way the
    // plugin loader does: with require().
    files: ['**/test/**/*.ts'],
    rules: { '@typescript-eslint/no-require-imports': ['error', { allow: ['/fixtures/plugins/'] }] },
  },
  {
    // Plain CommonJS: fixture plugins, bench scripts, jest config.
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);
