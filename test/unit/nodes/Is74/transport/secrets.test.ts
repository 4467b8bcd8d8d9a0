import { scrubSecrets, scrubbedExcerpt, scrubbedServerMessage } from '../../../../../nodes/Is74/transport/secrets';

const TOKEN = 'tok/en"with\\odd-chars-4242';

describe('the one scrubber', () => {
	test('removes a secret as is, escaped in JSON, with escaped slashes and URL-encoded', () => {
		const json = JSON.stringify({ a: TOKEN });
		expect(scrubSecrets(json, [TOKEN])).toBe('{"a":"***"}');
		expect(scrubSecrets(json.replace(/\//g, '\\/'), [TOKEN])).toBe('{"a":"***"}');
		expect(scrubSecrets(`?t=${encodeURIComponent(TOKEN)}`, [TOKEN])).toBe('?t=***');
		expect(scrubSecrets(`raw ${TOKEN}.`, [TOKEN])).toBe('raw ***.');
	});

	test('replaces a longer secret whole when a shorter one is inside it', () => {
		expect(scrubSecrets('pass=operator-secret', ['operator', 'operator-secret'])).toBe('pass=***');
	});

	test('an excerpt hides a secret that its cut would split', () => {
		const text = `${'x'.repeat(195)}${TOKEN}`;
		const shown = scrubbedExcerpt(text, [TOKEN]);
		expect(shown).toBe(`${'x'.repeat(195)}***`);
		expect(shown).not.toContain(TOKEN.slice(0, 5));
	});

	test('a server message is scrubbed before it is shortened', () => {
		const body = JSON.stringify({ message: `${'m'.repeat(190)} ${TOKEN}` });
		expect(scrubbedServerMessage(body, [TOKEN])).toBe(`${'m'.repeat(190)} ***`);
	});

	test('short or missing secrets are ignored', () => {
		expect(scrubSecrets('ab cd', ['ab', undefined, 42, ''])).toBe('ab cd');
	});
});
