/** @type {import('jest').Config} */
const swcTs = [
  '@swc/jest',
  { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
];
const swcJs = [
  '@swc/jest',
  { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' } },
];

/**
 * Two projects: `unit` (pure code and in-process work on temp files, seconds in all; `npm run
 * test:unit` runs only these for a quick loop) and `integration` (real servers, the SDKs against the
 * fakes, child processes, databases, the browser). A new test file is integration unless it is
 * placed in or named below.
 */
const TEST = require('node:path')
  .join(__dirname, 'test')
  .replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const UNIT = [
  `${TEST}/(core|prompts|guidance|config|delivery)/.*\\.test\\.ts$`,
  `${TEST}/node-version\\.test\\.ts$`,
  `${TEST}/store/sqlite\\.test\\.ts$`,
  `${TEST}/store/encryption\\.test\\.ts$`,
  `${TEST}/docs/governance\\.test\\.ts$`,
  `${TEST}/e2e/find-chromium\\.test\\.ts$`,
  `${TEST}/channels/slack/(blocks|manifest)\\.test\\.ts$`,
  `${TEST}/channels/teams/units\\.test\\.ts$`,
  `${TEST}/llm/engine-assist\\.test\\.ts$`,
];

const shared = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  transform: {
    '^.+\\.ts$': swcTs,
    // kysely >= 0.29 ships ESM only. Node 22 require()s it natively, but Jest's module loader only
    // learns to from Node 24.9, so compile it to CommonJS for the tests.
    '/node_modules/kysely/.+\\.js$': swcJs,
    // PGlite's CommonJS build loads Node built-ins with import(), which Jest refuses without
    // --experimental-vm-modules; compiling it turns those into require() calls.
    '/node_modules/@electric-sql/pglite/dist/.+\\.cjs$': swcJs,
    // jose (via jwks-rsa, the Teams SDK's JWT validation) ships ESM only: the same story as kysely.
    '/node_modules/jose/.+\\.js$': swcJs,
  },
  transformIgnorePatterns: ['/node_modules/(?!(kysely|@electric-sql/pglite|jose)/)'],
  // src/ loads channel and model SDKs lazily with import('./x/index.js') (TypeScript's node module
  // mode requires the extension); in tests those relative paths resolve to the .ts sources.
  moduleNameMapper: { '^(\\.{1,2}/.+)\\.js$': '$1' },
};

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    { ...shared, displayName: 'unit', testRegex: UNIT },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', ...UNIT],
    },
  ],
  // Integration suites start real servers and child processes; two cores, so keep workers low.
  maxWorkers: 2,
  // A guard against hangs, not a speed target: child-process suites need more on a busy two-core machine.
  testTimeout: 60000,
};
