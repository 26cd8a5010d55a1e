/** @type {import('jest').Config} */
const swcTs = [
  '@swc/jest',
  { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
];
const swcJs = [
  '@swc/jest',
  { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' } },
];

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
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
  // Integration suites start real servers and child processes; two cores, so keep workers low.
  maxWorkers: 2,
  testTimeout: 30000,
};
