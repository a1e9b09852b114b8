/** @swc/jest compiles several times faster than ts-jest; `npm run typecheck` does the type-checking. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', {
      jsc: {
        target: 'es2022',
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      },
      module: { type: 'commonjs' },
    }],
  },
  // 60 s, not 30: CI runs the SQLite and the MariaDB suites side by side on two cores, where the longest tests (the
  // dashboard's page at two widths, the visit roll-ups' rebuild) reached 30 s there on a machine loaded by other work.
  // Timing goals live in the bench scripts, never in a test's timeout.
  testTimeout: 60000,
  // On MariaDB, one migrated database per run that test servers' databases are copied from (migrated-template.ts).
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  // Suites run one at a time (they start real servers and share the machine's two cores), in a worker that is
  // replaced once it holds more than 1 GB between suites: every suite loads the server afresh into jest's module
  // registry, and in one process those registries added up past Node's 4 GB heap. (.ci/run starts two jest runs, one
  // per database, each with this one worker.)
  maxWorkers: 1,
  workerIdleMemoryLimit: '1GB',
};
