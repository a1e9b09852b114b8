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
  testTimeout: 30000,
  // Suites run one at a time (they start real servers and share the machine's two cores), in a worker that is
  // replaced once it holds more than 1 GB between suites: every suite loads the server afresh into jest's module
  // registry, and in one process those registries added up past Node's 4 GB heap.
  maxWorkers: 1,
  workerIdleMemoryLimit: '1GB',
};
