// One ESLint config for both workspaces (backend NestJS, admin Angular).
import js from '@eslint/js';
import boundaries from 'eslint-plugin-boundaries';
import tseslint from 'typescript-eslint';

// The backend's layering (docs/architecture.md, "Modules and layers"): each element may import
// only the elements listed for it, all of them lower. Specs are exempt (a test may reach anything).
const SRC = 'backend/src';
const LAYERS = [
  // [element, its folders or files, what it may import]
  ['infra', [`${SRC}/infra`], []],
  ['broker', [`${SRC}/trading/broker`], ['infra']],
  ['audit', [`${SRC}/audit`], ['infra']],
  ['backup', [`${SRC}/backup`], ['infra']],
  ['metrics', [`${SRC}/metrics`], ['infra', 'broker']],
  ['market-gate', [`${SRC}/market-gate`], ['infra', 'broker']],
  ['scheduling', [`${SRC}/scheduling`, `${SRC}/heartbeat`], ['infra']],
  ['alerts', [`${SRC}/alerts`], ['infra', 'broker', 'metrics', 'market-gate', 'scheduling']],
  ['toggles', [`${SRC}/toggles`], ['infra', 'audit', 'alerts']],
  ['strategies', [`${SRC}/trading/strategies`], ['infra', 'audit']],
  ['auth', [`${SRC}/auth`], ['infra', 'audit', 'alerts']],
  [
    'trading',
    [`${SRC}/trading`],
    [
      'infra',
      'broker',
      'audit',
      'metrics',
      'market-gate',
      'scheduling',
      'alerts',
      'toggles',
      'strategies',
    ],
  ],
  [
    'portfolio',
    [`${SRC}/portfolio`],
    ['infra', 'broker', 'market-gate', 'alerts', 'strategies', 'trading'],
  ],
  ['status', [`${SRC}/status`], ['infra', 'market-gate', 'scheduling', 'toggles', 'trading']],
  ['health', [`${SRC}/health`], ['infra', 'broker', 'scheduling']],
  ['sandbox', [`${SRC}/sandbox`], ['infra', 'broker', 'trading']],
];
const FEATURES = LAYERS.map(([type]) => type).filter((type) => type !== 'sandbox');
const layering = {
  files: [`${SRC}/**/*.ts`],
  ignores: [`${SRC}/**/*.spec.ts`, `${SRC}/**/*.int-spec.ts`],
  plugins: { boundaries },
  settings: {
    // Patterns are relative to the repository, whichever directory ESLint runs from.
    'boundaries/root-path': import.meta.dirname,
    'import/resolver': { node: { extensions: ['.ts', '.js', '.mjs'] } },
    'boundaries/elements': [
      ...LAYERS.flatMap(([type, patterns]) =>
        patterns.map((pattern) => ({ type, pattern: `${pattern}/**`, partialMatch: false })),
      ),
      // The composition: the CLI here; the modules wiring the app and boot (src/*.ts) sit above
      // every element and are not classified.
      { type: 'app', pattern: `${SRC}/cli/**`, partialMatch: false },
    ],
    'boundaries/files': [
      // Controllers are the HTTP layer above every feature, whichever folder they sit in.
      { category: 'controller', pattern: '**/*.controller.ts' },
      { category: 'entity', pattern: '**/*.entity.ts' },
    ],
  },
  rules: {
    'boundaries/dependencies': [
      'error',
      {
        default: 'disallow',
        message:
          'Openbell layering: {{from.type}} may not import {{to.type}} (each layer imports only the lower ones listed in eslint.config.mjs; see docs/architecture.md, "Modules and layers")',
        policies: [
          ...LAYERS.map(([type, , allowed]) => ({
            from: { element: { type } },
            allow: { to: { element: { types: { anyOf: [type, ...allowed] } } } },
          })),
          // Entity classes are plain table mappings (they import only TypeORM): the schema, below
          // everything, listed by infra/database/entities.ts.
          { allow: { to: { file: { categories: 'entity' } } } },
          // A controller may use any feature (and auth's decorators), whichever folder it sits in.
          {
            from: { file: { categories: 'controller' } },
            allow: { to: { element: { types: { anyOf: FEATURES } } } },
          },
          {
            from: { element: { type: 'app' } },
            allow: { to: { element: { types: { anyOf: [...FEATURES, 'sandbox', 'app'] } } } },
          },
        ],
      },
    ],
  },
};

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/dist-sandbox/**',
      '**/dist-bench/**',
      '**/.angular/**',
      '**/.data/**',
      '**/test-output/**',
      '**/*.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        URL: 'readonly',
        fetch: 'readonly',
        Buffer: 'readonly',
        module: 'writable',
        require: 'readonly',
        __dirname: 'readonly',
        performance: 'readonly',
        Response: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        AbortController: 'readonly',
      },
    },
  },
  {
    // Nothing but the config module reads process.env (STYLE.md: one validated config).
    files: ['backend/src/**/*.ts'],
    ignores: [
      'backend/src/infra/config/**',
      'backend/src/**/*.spec.ts',
      'backend/src/**/*.int-spec.ts',
    ],
    rules: {
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Read configuration through AppConfig (src/infra/config).',
        },
      ],
    },
  },
  {
    // Package indexes that load far more than Openbell uses at boot: class-validator's (every
    // decorator, validator.js, libphonenumber-js: ~320 modules) and rate-limiter-flexible's (every
    // store); the parts used are loaded file by file from one module each.
    files: ['backend/src/**/*.ts'],
    ignores: ['backend/src/infra/http/class-validator.ts', 'backend/src/infra/rate-limiter.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'class-validator',
              message: 'Import validation decorators from src/infra/http/class-validator.ts.',
              allowTypeImports: true,
            },
            {
              name: 'rate-limiter-flexible',
              message:
                'Import the limiter from src/infra/rate-limiter.ts (the index loads every store).',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
  layering,
);
