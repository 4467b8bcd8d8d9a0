/**
 * Unit tests (pure modules); integration tests (real n8n-core engine + simulator over HTTP, and the
 * packed package: its files, n8n's scanner on it, the release path); end-to-end and queue-mode tests in
 * a real n8n.
 */
const transform = { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] };
/** n8n-core's user folder (its config) in the repository's .tmp/, never the user's ~/.n8n. */
const setupFiles = ['<rootDir>/test/support/userFolder.ts'];

module.exports = {
	// Per-project testTimeout is not honoured by jest's multi-project runs; suites that need more set it.
	testTimeout: 60000,
	coverageDirectory: 'coverage',
	collectCoverageFrom: ['nodes/**/*.ts', 'credentials/**/*.ts', 'simulator/**/*.ts', '!simulator/cli.ts'],
	coverageReporters: ['text-summary', 'json-summary'],
	projects: [
		{
			displayName: 'unit',
			testEnvironment: 'node',
			testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
			transform,
			setupFiles,
		},
		{
			displayName: 'integration',
			testEnvironment: 'node',
			testMatch: ['<rootDir>/test/integration/**/*.test.ts', '<rootDir>/test/package/**/*.test.ts'],
			transform,
			setupFiles,
			testTimeout: 60000,
		},
		{
			displayName: 'e2e',
			testEnvironment: 'node',
			testMatch: ['<rootDir>/test/e2e/**/*.e2e.test.ts'],
			transform,
			testTimeout: 600000,
		},
		{
			displayName: 'queue',
			testEnvironment: 'node',
			testMatch: ['<rootDir>/test/queue/**/*.queue.test.ts'],
			transform,
			testTimeout: 900000,
		},
	],
};
