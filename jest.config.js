// One Jest run for the whole workspace: unit specs beside the code, integration and end-to-end tests
// against the real Postgres, Kafka and Redis started by deploy/local/test.sh.
const { compilerOptions } = require('./tsconfig.base.json');

const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [`^${alias.replace('/', '\\/')}$`, `<rootDir>/${target}`]),
);

const transform = {
  '^.+\\.ts$': [
    '@swc/jest',
    {
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        target: 'es2022',
      },
      module: { type: 'commonjs' },
    },
  ],
};

const common = { rootDir: __dirname, testEnvironment: 'node', transform, moduleNameMapper };

module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{libs,services}/**/src/**/*.spec.ts', '<rootDir>/tools/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/services/*/test/**/*.int-spec.ts', '<rootDir>/libs/*/test/**/*.int-spec.ts', '<rootDir>/tests/**/*.e2e-spec.ts', '<rootDir>/tests/**/*.int-spec.ts', '<rootDir>/deploy/local/**/*.int-spec.ts'],
      // Integration tests wait on real brokers and processes; jest's testTimeout is global, so set it here.
      setupFilesAfterEnv: ['<rootDir>/libs/testing/jest-integration.setup.js'],
      // Files that take longer print their time, so a CI log shows where the run goes.
      slowTestThreshold: 5,
    },
  ],
};
