/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }],
  },
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  testTimeout: 30000,
  // Real servers and child processes: keep the runs apart enough to read failures.
  maxWorkers: 2,
};
