// The rules n8n's verification scanner (@n8n/scan-community-package) applies to a community package:
// @n8n/eslint-plugin-community-nodes' recommended set, no-console, and eslint-plugin-n8n-nodes-base's
// package, credential and node rules with the scanner's own exceptions. scripts/scan-package.mjs runs it
// on the files the scanner reads, with eslint-disable comments ignored as the scanner ignores them; it is
// not meant for `eslint -c` on the whole repository (tests and tools are not part of the package).
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import tseslint from 'typescript-eslint';

export default [
	// Sources and package.json go through TypeScript's parser; the tarball's compiled code is CommonJS.
	{ files: ['**/*.ts', '**/*.json'], languageOptions: { parser: tseslint.parser } },
	{ files: ['**/*.js'], languageOptions: { ecmaVersion: 'latest', sourceType: 'commonjs' } },
	n8nCommunityNodesPlugin.configs.recommended,
	{ rules: { 'no-console': 'error' } },
	{ plugins: { 'n8n-nodes-base': n8nNodesBase } },
	{ files: ['package.json'], rules: n8nNodesBase.configs.community.rules },
	{
		files: ['**/credentials/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			// Exceptions the scanner makes: community credentials link their own docs, and the community
			// plugin's credential-password-field rule is the stricter check of password fields.
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
			'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
		},
	},
	{
		files: ['**/nodes/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			// Exceptions the scanner makes: inputs and outputs may be NodeConnectionTypes values, and an
			// API's own maximum is a valid maxValue.
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
		},
	},
];
