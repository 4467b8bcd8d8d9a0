/* eslint-disable @n8n/community-nodes/no-restricted-imports -- Node's own IDNA is what the scrubber's Punycode decoder is held to */
import fc from 'fast-check';
import { domainToASCII, domainToUnicode } from 'node:url';

import { punycodeDecoded, scrubSecrets, scrubbedExcerpt, scrubbedServerMessage, shownRedirectTarget } from '../../../../../nodes/Is74/transport/secrets';
import { leakedRuns } from '../../../../support/secretLeaks';

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

	test('a path that is readable stays readable', () => {
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

/**
 * Issue 21: each spelling a reviewer saw shown. The rule they share: a run of 8 or more characters
 * of a secret is masked in any spelling a server may give it, and a secret under 8 characters whole.
 */
describe('every spelling a server may give a secret', () => {
	const PASSWORD = `P&ss<w0rd>"7Q'x`;
	const ENCODABLE = 'tok/en+with=odd/chars-4242';

	test('a password HTML-escaped in an error page: named, decimal and hex entities', () => {
		expect(scrubbedServerMessage('<html><head><title>Wrong password P&amp;ss&lt;w0rd&gt;&quot;7Q&#39;x</title></head></html>', [PASSWORD])).toBe('Wrong password ***');
		expect(scrubbedServerMessage('<p>Wrong password P&#38;ss&#x3C;w0rd&#X3e;&#034;7Q&#x27;x</p>', [PASSWORD])).toBe('Wrong password ***');
		expect(scrubbedServerMessage('<p>Wrong password P&AMP;ss&LT;w0rd&GT;&QUOT;7Q&apos;x</p>', [PASSWORD])).toBe('Wrong password ***');
	});

	test('a password form-encoded (+ for spaces), percent-encoded in either case', () => {
		const spaced = 'my pass word 42';
		for (const spelling of ['my+pass+word+42', 'my%20pass%20word%2042', 'my%20pass+word+42', 'MY+PASS+WORD+42']) {
			expect(scrubSecrets(`login=ivan&password=${spelling}`, [spaced])).toBe('login=ivan&password=***');
		}
	});

	test('a token URL-encoded with lower-case hex, or with its slashes kept', () => {
		for (const spelling of ['tok%2fen%2bwith%3dodd%2fchars-4242', 'tok/en%2Bwith%3Dodd/chars-4242', 'tok%2Fen%2bwith%3dodd/chars-4242', 'tok%252Fen%252Bwith%253Dodd%252Fchars-4242']) {
			expect(scrubSecrets(`?t=${spelling}&x=1`, [ENCODABLE])).toBe('?t=***&x=1');
		}
	});

	test('the start of a token left by a cut (the 64 KB error-page limit) is masked from 8 characters on', () => {
		const long = 'TOKEN-HOSTILE-7Q4W-must-not-leak';
		expect(scrubbedServerMessage(`${' '.repeat(1000)}${long.slice(0, 20)}`, [long])).toBe('***');
		expect(scrubSecrets(`at the end ${long.slice(0, 8)}`, [long])).toBe('at the end ***');
		expect(scrubSecrets(`${long.slice(-9)} at the start`, [long])).toBe('*** at the start');
		// Seven characters are no run of eight: the rule's limit, shown here.
		expect(scrubSecrets(`at the end ${long.slice(0, 7)}`, [long])).toBe(`at the end ${long.slice(0, 7)}`);
	});

	test('a token with , \' " } after Bearer is masked whole, as is and escaped in JSON', () => {
		const odd = `tok,en'with"odd}chars-4242`;
		expect(scrubSecrets(`Authorization: Bearer ${odd}`, [odd])).toBe('Authorization: Bearer ***');
		expect(scrubSecrets(JSON.stringify({ header: `Bearer ${odd}` }), [odd])).toBe('{"header":"Bearer ***"}');
		expect(scrubbedServerMessage(JSON.stringify({ message: `Bearer ${odd} rejected` }), [odd])).toBe('Bearer *** rejected');
	});

	test('a redirect host spelling the token, lower-cased by the URL parser', () => {
		expect(shownRedirectTarget('http://Tok3nAsHostName-7Q4W.example/x', ['Tok3nAsHostName-7Q4W'])).toBe('http://***.example/x');
	});

	test('a password the URL parser spelled as a Punycode host label (xn--…) is masked label and all; other labels are kept', () => {
		const cyrillic = 'СекретныйПароль';
		expect(shownRedirectTarget(`http://${encodeURIComponent(cyrillic)}.example/x`, [cyrillic])).toBe('http://***.example/x');
		expect(shownRedirectTarget(`http://${cyrillic}.xn--p1ai/x`, [cyrillic])).toBe('http://***.xn--p1ai/x');
		expect(scrubSecrets('redirected to http://xn--80ajaqdjlkhgfdr1kva.example/x', [cyrillic])).toBe('redirected to http://***.example/x');
		expect(scrubSecrets('HOST XN--80AJAQDJLKHGFDR1KVA.EXAMPLE', [cyrillic])).toBe('HOST ***.EXAMPLE');
		// Cut by a 64 KB limit inside the label: what is left still decodes to 8 characters of the password.
		expect(scrubSecrets('http://xn--80ajaqdjlkhgfdr1k', [cyrillic])).toBe('http://***');
		// Punycode under another layer: percent-encoded, in JSON.
		expect(scrubSecrets('{"next":"http:\\/\\/xn%2d%2d80ajaqdjlkhgfdr1kva.example"}', [cyrillic])).toBe('{"next":"http:\\/\\/***.example"}');
		// ASCII and Cyrillic mixed: the label's ASCII part (before its last "-") is masked with it.
		const mixed = 'parol-пароль-2024';
		expect(shownRedirectTarget(`http://${mixed}.example/`, [mixed])).toBe('http://***.example/');
		expect(shownRedirectTarget('http://xn--e1afmkfd.xn--p1ai/x', [cyrillic])).toBe('http://xn--e1afmkfd.xn--p1ai/x');
		expect(scrubSecrets('mail xn--80ajaqdjlkhgfdr1kva', ['unrelated-secret'])).toBe('mail xn--80ajaqdjlkhgfdr1kva');
	});

	test('a Punycode label longer than any host label (255 characters) is masked whole, not decoded', () => {
		const long = `xn--${'a'.repeat(300)}-9ta`;
		expect(scrubSecrets(`host ${long}.example and xn--e1afmkfd`, [])).toBe('host ***.example and xn--e1afmkfd');
	});

	test('JSON escapes of every character, and layers over layers (JSON in an HTML page, a URL in JSON)', () => {
		const unicode = [...ENCODABLE].map((char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
		expect(scrubSecrets(`{"t":"${unicode}"}`, [ENCODABLE])).toBe('{"t":"***"}');
		expect(scrubSecrets(`<pre>{&quot;t&quot;:&quot;tok\\/en+with=odd\\/chars-4242&quot;}</pre>`, [ENCODABLE])).toBe('<pre>{&quot;t&quot;:&quot;***&quot;}</pre>');
		expect(scrubSecrets(`{"next":"https:\\/\\/x.example\\/?t=tok%2Fen%2Bwith%3Dodd%2Fchars-4242"}`, [ENCODABLE])).toBe('{"next":"https:\\/\\/x.example\\/?t=***"}');
	});

	test('a run of 8 characters of a secret is masked wherever it stands, the rest of the text kept', () => {
		expect(scrubSecrets('see odd/chars-4 and tok/en+w', [ENCODABLE])).toBe('see *** and ***');
		expect(scrubSecrets('see chars-4 and tok/en', [ENCODABLE])).toBe('see chars-4 and tok/en');
	});
});

/**
 * The class, not the instances: random secrets of 8 characters or more, in random text, through
 * random layers a server may add (HTML entities named, decimal or hex; percent-encoding in upper- or
 * lower-case hex, all of it or some kept; form encoding; JSON escapes, \uXXXX too; case folding),
 * cut at a random point: no run of 8 characters of any secret survives, in any reading of what the
 * scrubber returns (test/support/secretLeaks.ts reads it its own way).
 */
describe('property: no run of 8 characters of a secret survives any spelling', () => {
	const SECRET_CHARS = [...'abcXYZ0189-_.~/+=&<>"\'%;:,}{[]#?@!$ \\', 'й', 'Ж', 'é', 'É', 'ß', '😀', '\u00a0'];
	const TEXT_CHARS = [...'abcdefghijklmnopqrstuvwxyz0123456789 .:-'];
	const hex = (code: number, upper: boolean) => (upper ? code.toString(16).toUpperCase() : code.toString(16));
	const utf8 = (char: string) => [...Buffer.from(char, 'utf8')];

	type Layer = { kind: 'html'; style: 'named' | 'decimal' | 'hex' | 'every' } | { kind: 'percent'; upper: boolean; every: boolean; keepSlash: boolean } | { kind: 'form'; upper: boolean } | { kind: 'json'; style: 'plain' | 'slashes' | 'nonAscii' | 'every'; upper: boolean } | { kind: 'fold' };

	const NAMES: Record<string, string> = { '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": '#39' };
	function encode(text: string, layer: Layer): string {
		switch (layer.kind) {
			case 'html':
				return [...text]
					.map((char) => {
						const code = char.codePointAt(0) ?? 0;
						const special = char in NAMES;
						if (layer.style === 'named') return special ? `&${NAMES[char]};` : char;
						if (!special && layer.style !== 'every' && /[a-z0-9]/i.test(char)) return char;
						return layer.style === 'hex' ? `&#x${hex(code, code % 2 === 0)};` : `&#${code};`;
					})
					.join('');
			case 'percent':
			case 'form': {
				const every = layer.kind === 'percent' && layer.every;
				const out = [...text]
					.map((char) => {
						if (layer.kind === 'form' && char === ' ') return '+';
						if (!every && /[A-Za-z0-9\-_.~]/.test(char)) return char;
						if (layer.kind === 'percent' && layer.keepSlash && char === '/') return char;
						return utf8(char).map((byte) => `%${hex(byte, layer.upper).padStart(2, '0')}`).join('');
					})
					.join('');
				return out;
			}
			case 'json': {
				const inner = JSON.stringify(text).slice(1, -1);
				if (layer.style === 'plain') return inner;
				if (layer.style === 'slashes') return inner.replace(/\//g, '\\/');
				const unicode = (char: string) => `\\u${hex(char.charCodeAt(0), layer.upper).padStart(4, '0')}`;
				if (layer.style === 'nonAscii') return inner.replace(/[^\x20-\x7e]/g, unicode);
				return text.replace(/[\s\S]/g, unicode);
			}
			case 'fold':
				return text.toLowerCase();
		}
	}

	const layer: fc.Arbitrary<Layer> = fc.oneof(
		fc.record({ kind: fc.constant('html' as const), style: fc.constantFrom('named' as const, 'decimal' as const, 'hex' as const, 'every' as const) }),
		fc.record({ kind: fc.constant('percent' as const), upper: fc.boolean(), every: fc.boolean(), keepSlash: fc.boolean() }),
		fc.record({ kind: fc.constant('form' as const), upper: fc.boolean() }),
		fc.record({ kind: fc.constant('json' as const), style: fc.constantFrom('plain' as const, 'slashes' as const, 'nonAscii' as const, 'every' as const), upper: fc.boolean() }),
	);
	// Up to three layers of encoding, and case folding before, between or after them.
	const layers = fc.tuple(fc.array(layer, { maxLength: 3 }), fc.option(fc.nat(3), { nil: undefined })).map(([stack, foldAt]) => {
		if (foldAt === undefined) return stack;
		const at = Math.min(foldAt, stack.length);
		return [...stack.slice(0, at), { kind: 'fold' } as Layer, ...stack.slice(at)];
	});
	const secret = fc.string({ unit: fc.constantFrom(...SECRET_CHARS), minLength: 8, maxLength: 40 });
	// Around the secrets: words, and pieces that look like encodings (some are, some are not).
	const NOISE = ['&amp;', '&constructor;', '&#', '&#x41;', '&#128512;', '&lt', '%', '%2', '%41', '%e2%82%ac', '%C3', '\\', '\\u00', '\\u0041', '\\x41', '+'];
	const words = fc.array(fc.oneof(fc.constantFrom(...TEXT_CHARS), fc.constantFrom(...NOISE)), { maxLength: 12 }).map((pieces) => pieces.join(''));

	test('scrubSecrets', () => {
		fc.assert(
			fc.property(fc.array(secret, { minLength: 1, maxLength: 3 }), fc.array(words, { minLength: 4, maxLength: 4 }), layers, fc.double({ min: 0, max: 1, noNaN: true }), (secrets, [before, between, after, more], stack, cutAt) => {
				const message = `${before}${secrets.join(between)}${after}${secrets[0]}${more}`;
				const encoded = stack.reduce(encode, message);
				const cut = encoded.slice(0, Math.round(encoded.length * cutAt));
				const shown = scrubSecrets(cut, secrets);
				for (const one of secrets) expect(leakedRuns(shown, one)).toEqual([]);
			}),
			{ numRuns: 3000 },
		);
	});

	test('scrubbedServerMessage, for a JSON answer, an HTML page and plain text', () => {
		const page = fc.constantFrom(
			(text: string) => JSON.stringify({ message: text }),
			(text: string) => `<html><head><title>${text}</title></head></html>`,
			(text: string) => `<html><body><p>${text}</p></body></html>`,
			(text: string) => text,
		);
		fc.assert(
			fc.property(secret, fc.array(words, { minLength: 2, maxLength: 2 }), layers, page, (one, [before, after], stack, wrap) => {
				const shown = scrubbedServerMessage(wrap(stack.reduce(encode, `${before}${one}${after}`)), [one]);
				expect(leakedRuns(shown, one)).toEqual([]);
			}),
			{ numRuns: 2000 },
		);
	});

	test('shownRedirectTarget: a secret in the host, in any case, or in the path, in any encoding', () => {
		const hostChars = fc.constantFrom(...'abcdefXYZ0189-');
		fc.assert(
			fc.property(fc.string({ unit: hostChars, minLength: 8, maxLength: 30 }), secret, fc.array(layer, { maxLength: 2 }), fc.boolean(), (inHost, inPath, stack, fold) => {
				const path = (fold ? [...stack, { kind: 'fold' } as Layer] : stack).reduce(encode, inPath);
				const target = `http://${inHost}.example/p/${path}/x?q=1`;
				fc.pre(URL.canParse(target));
				const shown = shownRedirectTarget(target, [inHost, inPath]);
				expect(leakedRuns(shown, inHost)).toEqual([]);
				expect(leakedRuns(shown, inPath)).toEqual([]);
			}),
			{ numRuns: 2000 },
		);
	});

	// Secrets that can stand in a host: letters (Cyrillic, Latin with accents, CJK, upper case the
	// parser folds), digits, "-", "." (a label boundary inside the secret), an emoji.
	const HOST_SECRET_CHARS = [...'abcXYZ0189-.', 'й', 'Ж', 'я', 'П', 'ё', 'é', 'É', 'ß', 'ü', '中', '文', '😀'];
	const hostSecret = fc.string({ unit: fc.constantFrom(...HOST_SECRET_CHARS), minLength: 8, maxLength: 40 });
	const hostWord = fc.string({ unit: fc.constantFrom(...'abcdefxyz0189-', 'д', 'ö'), maxLength: 8 });

	test('a secret in a host the URL parser spells in Punycode (xn--…), with more text around it, more layers and a cut', () => {
		fc.assert(
			fc.property(hostSecret, hostWord, hostWord, fc.array(layer, { maxLength: 2 }), fc.double({ min: 0, max: 1, noNaN: true }), (one, before, after, stack, cutAt) => {
				const target = `http://${encodeURIComponent(`${before}${one}${after}`)}.example/x`;
				fc.pre(URL.canParse(target));
				expect(leakedRuns(shownRedirectTarget(target, [one]), one)).toEqual([]);
				const encoded = stack.reduce(encode, `redirected to ${new URL(target).origin}/x, then ${new URL(`http://${one}.example`).origin}`);
				const cut = encoded.slice(0, Math.round(encoded.length * cutAt));
				expect(leakedRuns(scrubSecrets(cut, [one]), one)).toEqual([]);
			}),
			{ numRuns: 2000 },
		);
	});

	test("the Punycode decoder (RFC 3492) reads every label as Node's own IDNA does", () => {
		const label = fc.string({ unit: fc.constantFrom(...HOST_SECRET_CHARS.filter((char) => char !== '.'), 'ä', 'ğ', '한', '🎉'), minLength: 1, maxLength: 30 });
		fc.assert(
			fc.property(label, (text) => {
				const ascii = domainToASCII(text);
				fc.pre(ascii.startsWith('xn--'));
				expect(punycodeDecoded(ascii.slice(4))).toBe(domainToUnicode(ascii));
			}),
			{ numRuns: 2000 },
		);
		// RFC 3492, 7.1 (L): mixed case, basic code points kept in the case given.
		expect(punycodeDecoded('3B-ww4c5e180e575a65lsy2b')).toBe('3年B組金八先生');
		expect(punycodeDecoded('80ajaqdjlkhgfdr1kva')).toBe('секретныйпароль');
		expect(punycodeDecoded('zz!')).toBeUndefined();
	});

	test('a text without secrets is returned as it is', () => {
		fc.assert(
			fc.property(fc.string({ unit: fc.constantFrom(...SECRET_CHARS, ...TEXT_CHARS), maxLength: 200 }), (text) => {
				expect(scrubSecrets(text, [])).toBe(text);
				expect(scrubSecrets(text, ['QQQQQQQQQQ'])).toBe(text);
			}),
		);
	});
});

test('names that are no HTML entity, such as the properties every object has, decode to nothing', () => {
	expect(scrubSecrets('&constructor; &toString; &__proto__; \\constructor x', ['abcdefghij'])).toBe('&constructor; &toString; &__proto__; \\constructor x');
	// A decoded name that is no character would shift every position after it: here the run after it is masked.
	expect(scrubSecrets('&constructor;&#97;bcdefgh', ['abcdefghij'])).toBe('&constructor;***');
});
