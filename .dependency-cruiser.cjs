/** Layer rules: the core is pure; adapters depend on the core, never the reverse. */
module.exports = {
  forbidden: [
    {
      name: 'core-is-pure',
      comment: 'src/core must not import adapters, SDKs, the file system, the network or the clock-owning layers.',
      severity: 'error',
      from: { path: '^src/core' },
      to: {
        // Pure libraries only, named one by one: zod (validation) and compromise (name detection for
        // redaction). Anything else a core file imports is an adapter's job.
        pathNot: ['^src/core', '^node_modules/(zod|compromise)/'],
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'core-no-node-builtins',
      severity: 'error',
      from: { path: '^src/core' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'channels-do-not-import-each-other',
      severity: 'error',
      from: { path: '^src/channels/([^/]+)/' },
      to: { path: '^src/channels/([^/]+)/', pathNot: '^src/channels/($1|shared)/' },
    },
    {
      name: 'channels-through-the-registry',
      comment:
        'Outside src/channels, channels are reached through src/channels/registry.ts only (and src/channels/settings.ts, the light list config composes each channel env mode and org-file identity from; the shared types; and the local name as the fallback view), so adding a channel touches its folder and the registry list.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/channels/' },
      to: { path: '^src/channels/[^/]+/', pathNot: ['^src/channels/shared/', '^src/channels/local/name\\.ts$'] },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(test|bench|scripts)' },
  },
};
