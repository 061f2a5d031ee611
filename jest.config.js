// One jest run covers unit (src/…/domain), integration and e2e tests, against real PostgreSQL and Redis.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  },
];

module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  testMatch: [
    '<rootDir>/src/**/*.spec.ts',
    '<rootDir>/test/**/*.int-spec.ts',
    '<rootDir>/test/**/*.e2e-spec.ts',
    // The web app: its pure logic, and the app in Chromium (Playwright) against the real server.
    '<rootDir>/web/src/**/*.spec.ts',
    '<rootDir>/web/e2e/**/*.e2e-spec.ts',
  ],
  transform: { '^.+\\.(t|j|mj)s$': swc },
  // ESM-only packages jest must transform: Nest 12, two of Fastify's, and file-type (read proofs' bytes) with its own;
  // and @fastify/cookie, whose `await import('cookie')` jest's CommonJS runtime cannot run untransformed.
  transformIgnorePatterns: [
    '/node_modules/(?!(@nestjs|@fastify/cookie|content-disposition|cookie|file-type|strtok3|token-types|@tokenizer/inflate|uint8array-extras|@borewit)/)',
  ],
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
  setupFiles: ['<rootDir>/test/setup/env.ts'],
  testTimeout: 30000,
};
