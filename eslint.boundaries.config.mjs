// The boundaries between the parts of this repository, as lint rules. They live in their own file
// because `n8n-node lint` in strict mode accepts no eslint.config.mjs but its own; `npm run lint`
// runs both. test/unit/eslint.boundaries.config.test.ts shows each rule refusing what it must refuse.
import tseslint from 'typescript-eslint';

const restrict = (files, patterns) => ({
	files,
	languageOptions: { parser: tseslint.parser },
	// A boundary cannot be switched off by a comment (and the comments here name n8n's rules).
	linterOptions: { noInlineConfig: true, reportUnusedInlineConfigs: 'off' },
	rules: { 'no-restricted-imports': ['error', { patterns }] },
});

export default [
	restrict(
		['nodes/Is74/domain/**/*.ts'],
		[
			{ regex: '^n8n-(workflow|core)(/|$)', message: 'domain/ is the n8n-free core, unit-tested without n8n: move n8n glue to actions/, helpers/, transport/ or descriptions/.' },
			{ regex: '^\\.\\./', message: 'domain/ imports only other domain modules and packages, so it stays n8n-free.' },
		],
	),
	restrict(
		['simulator/**/*.ts'],
		[{ regex: '^\\.\\./', message: 'The simulator reads the API document on its own: sharing code with the nodes would hide a shared misreading.' }],
	),
	restrict(
		['credentials/**/*.ts'],
		[
			{
				regex: '^\\.\\./nodes/(?!Is74/domain/|Is74/transport/credentialHooks$)',
				message: 'The credential reaches the nodes through transport/credentialHooks.ts (and the n8n-free domain/) alone: add what it needs there.',
			},
		],
	),
	restrict(['bench/**/*.ts'], [{ regex: '(^|/)test(/|$)', message: 'The benchmark stands on its own: shared code belongs in bench/ or the package, not in test/.' }]),
];
