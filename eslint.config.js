// Lint: TypeScript rules plus the layer boundaries of design.md — the compute core and the lab
// never see React or the DOM, and the UI reaches the engine only through the worker API.
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';

const domGlobals = ['window', 'document', 'localStorage', 'sessionStorage', 'HTMLElement', 'HTMLCanvasElement'].map(
  (name) => ({
    name,
    message: 'src/gpu, src/wgsl and src/lab must not touch the DOM (they run in a worker and in Node).',
  }),
);

// The test helpers of src/gpu: shipped code imports neither them nor tests nor CPU kernel references (*.ref.ts).
const testHelpers = ['testing', 'test-data', 'gradcheck'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'public/**', 'test-results/**', 'playwright-report/**', '.device/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'import-x/no-duplicates': 'error',
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: './src/ui',
              from: './src/gpu',
              message: 'The UI talks to the engine only through the worker API in src/lab.',
            },
            {
              target: './src/gpu',
              from: ['./src/lab', './src/ui'],
              message: 'The compute core knows nothing of the lab or the UI.',
            },
            { target: './src/lab', from: './src/ui', message: 'src/lab knows nothing of the UI.' },
            {
              target: './src/ui',
              from: './src/wgsl',
              message: 'WGSL belongs to the compute core; the UI reaches it only through the worker API.',
            },
            {
              target: `./src/**/!(*.test|*.ref|${testHelpers.join('|')}).{ts,tsx}`,
              from: ['./src/**/*.test.ts', './src/**/*.ref.ts', `./src/gpu/{${testHelpers.join(',')}}.ts`],
              message:
                'Shipped code does not import tests, CPU kernel references or test helpers; move what it needs into a module of its own.',
            },
          ],
        },
      ],
    },
  },
  {
    // import-x parses the imported TypeScript modules to follow import chains.
    files: ['src/**/*.{ts,tsx}'],
    settings: {
      'import-x/extensions': ['.ts', '.tsx'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
    },
    // A declaration loads its runner with a dynamic import, and the runner imports the declaration
    // for its types: that cycle is the point (the UI never loads the runner), so dynamic imports
    // do not count; every static cycle does.
    rules: { 'import-x/no-cycle': ['error', { allowUnsafeDynamicCyclicDependency: true }] },
  },
  {
    files: ['src/gpu/**', 'src/wgsl/**', 'src/lab/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['react', 'react/*', 'react-dom', 'react-dom/*', 'zustand', 'zustand/*', 'd3', 'd3-*'],
              message: 'No UI libraries below src/ui.',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', ...domGlobals],
    },
  },
  {
    files: ['src/ui/**/*.tsx', 'src/ui/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
);
