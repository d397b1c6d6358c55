// `npm run lint`. Two concerns:
// 1. The layout's boundaries (README "Layout"), by folder, so files added later are covered:
//    - server/src/core is pure: it imports only `yaml`, itself and the snippet data it serves
//      (snippets/*.json, bundled) (no fs, no LSP, no engines);
//    - server/src/lsp and server/src/cli reach core only through its public index;
//    - client/ holds no lint logic: of the server it imports only the protocol module.
//    Tests (*.test.ts) may wire real engines and helpers, so they are outside the layers.
// 2. Correctness: no floating promises, no unused variables, imports or expressions.
// 3. Core reads no clock (Date.now, performance.now, new Date()): a verdict must be a function
//    of the text, so a loaded machine, an incremental analysis and a fresh one agree (budgets
//    there count work; see server/src/core/regex/automata/product.ts). Its tests included.
import tseslint from 'typescript-eslint';
import { fileURLToPath } from 'node:url';
import istioTips from './scripts/eslint/boundaries.mjs';

const root = fileURLToPath(new URL('.', import.meta.url));
const CORE_INDEX = 'server/src/core/index.ts';

const layers = [
  { folder: 'server/src/core', only: ['server/src/core', 'snippets'], packages: ['yaml'] },
  { folder: 'server/src/lsp', through: { 'server/src/core': CORE_INDEX }, never: ['server/src/cli', 'client'] },
  { folder: 'server/src/cli', through: { 'server/src/core': CORE_INDEX }, never: ['server/src/lsp', 'client'] },
  { folder: 'client', only: ['client', 'server/src/lsp/protocol.ts'] },
  // server/src/fs (the file walker, read-regular) is shared by lsp and cli, which both import it
  // (neither lists it in `never`), so it may depend on neither of them, and on core only through
  // its index like its two users.
  { folder: 'server/src/fs', through: { 'server/src/core': CORE_INDEX }, never: ['server/src/lsp', 'server/src/cli', 'client'] },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.e2e-cache/**', 'test/e2e/**', '**/fixtures/**', 'bench/.deps/**', '*.vsix'] },
  {
    files: ['**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: root },
    },
    plugins: { '@typescript-eslint': tseslint.plugin, 'istio-tips': istioTips },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // node:test's describe/it return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite', 'before', 'after', 'beforeEach', 'afterEach'] }] },
      ],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      '@typescript-eslint/no-unused-expressions': ['error', { allowShortCircuit: true, allowTernary: true }],
      'no-unreachable': 'error',
      'istio-tips/boundaries': ['error', { root, layers }],
    },
  },
  {
    files: ['server/src/core/**/*.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Core reads no clock: count work instead (verdicts must not depend on machine load).' },
        { object: 'performance', property: 'now', message: 'Core reads no clock: count work instead (verdicts must not depend on machine load).' },
      ],
      'no-restricted-syntax': ['error', { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Core reads no clock: the current date is not an input of a verdict.' }],
      'no-restricted-globals': ['error', { name: 'performance', message: 'Core reads no clock: count work instead.' }],
    },
  },
  {
    files: ['**/*.test.ts', 'server/src/test-support/**'],
    rules: { 'istio-tips/boundaries': 'off' },
  },
);
