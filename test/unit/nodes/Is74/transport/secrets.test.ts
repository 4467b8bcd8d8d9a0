import { scrubSecrets, scrubbedExcerpt, scrubbedServerMessage, shownRedirectTarget } from '../../../../../nodes/Is74/transport/secrets';

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

describe('secrets a JSON answer escapes as \\uXXXX', () => {
	const CYRILLIC = 'пароль-секрет';
	const escaped = (text: string, hex: (code: string) => string) => text.replace(/[^\x20-\x7e]/g, (char) => `\\u${hex(char.charCodeAt(0).toString(16).padStart(4, '0'))}`);

	test('the server message shown (decoded from the JSON) does not show the password', () => {
		const body = `{"message":"bad password ${escaped(CYRILLIC, (code) => code)}"}`;
		expect(scrubbedServerMessage(body, [CYRILLIC])).toBe('bad password ***');
	});

	test('upper-case escapes too, and a validation answer naming the field', () => {
		const body = `{"errors":{"password":["${escaped(CYRILLIC, (code) => code.toUpperCase())} is wrong"]}}`;
		expect(scrubbedServerMessage(body, [CYRILLIC])).toBe('password: *** is wrong');
	});

	test('an excerpt of the raw answer hides the escaped spelling too', () => {
		expect(scrubbedExcerpt(`{"echo":"${escaped(CYRILLIC, (code) => code)}"}`, [CYRILLIC])).toBe('{"echo":"***"}');
	});

	test('a secret split by the cut of a decoded message is still hidden', () => {
		const body = `{"message":"${'m'.repeat(195)} ${escaped(CYRILLIC, (code) => code)}"}`;
		const shown = scrubbedServerMessage(body, [CYRILLIC]);
		expect(shown).toBe(`${'m'.repeat(195)} ***`);
		expect(shown).not.toContain(CYRILLIC.slice(0, 3));
	});
});

describe('shownRedirectTarget: origin and path only', () => {
	const PASSWORD = 'p@ss word!';

	test('never the query, the fragment or the user info', () => {
		expect(shownRedirectTarget('https://user:pw@other.example:8443/a/b?token=x#frag', [])).toBe('https://other.example:8443/a/b');
	});

	test('the path is scrubbed however it is encoded', () => {
		for (const path of [`/api/${PASSWORD}/x`, `/api/${encodeURIComponent(PASSWORD)}/x`, '/api/p@ss%20word!/x', '/api/%70%40ss%20word%21/x']) {
			expect(shownRedirectTarget(`https://other.example${path}`, [PASSWORD])).toBe('https://other.example/api/***/x');
		}
	});

	test('a path that is readable stays readable, and the login is no secret', () => {
		expect(shownRedirectTarget('http://127.0.0.1:5690/api/x', ['secret-password'])).toBe('http://127.0.0.1:5690/api/x');
	});

	test('an address that is not a URL is not shown', () => {
		expect(shownRedirectTarget('not a url ?token=abc', ['abc'])).toBe('an address that is not a valid URL');
	});
});

test('the shown server message reads JSON messages, validation errors, HTML and text', () => {
	expect(scrubbedServerMessage('{"message":"The given data was invalid.","errors":{"campaign.phone_id":["is required"]}}', [])).toBe(
		'The given data was invalid. — campaign.phone_id: is required',
	);
	expect(scrubbedServerMessage('{"error":{"message":"boom"}}', [])).toBe('boom');
	expect(scrubbedServerMessage('<html><body><h1>502 Bad Gateway</h1></body></html>', [])).toBe('502 Bad Gateway');
	expect(scrubbedServerMessage('<html><head><title>503 Service Unavailable</title></head><body><h1>503</h1></body></html>', [])).toBe('503 Service Unavailable');
	expect(scrubbedServerMessage('plain words', [])).toBe('plain words');
	expect(scrubbedServerMessage('', [])).toBe('');
});

test('scrubSecrets removes secrets and bearer values', () => {
	expect(scrubSecrets('Authorization: Bearer abc.def, password s3cret!', ['s3cret!'])).toBe('Authorization: Bearer ***, password ***');
});
