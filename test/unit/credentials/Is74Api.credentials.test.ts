import { extractLoginToken, joinUrl, normalizeBaseUrl } from '../../../nodes/Is74/helpers/baseUrl';
import { scrubSecrets } from '../../../nodes/Is74/transport/secrets';
import { serverMessage } from '../../../nodes/Is74/transport/serverMessage';
import { parseRetryAfter } from '../../../nodes/Is74/transport/answer';

describe('normalizeBaseUrl', () => {
	test.each([
		['https://ai-assistant.is74.ru', 'https://ai-assistant.is74.ru'],
		['https://ai-assistant.is74.ru/', 'https://ai-assistant.is74.ru'],
		['https://ai-assistant.is74.ru/api', 'https://ai-assistant.is74.ru'],
		['https://ai-assistant.is74.ru/api/', 'https://ai-assistant.is74.ru'],
		[' http://127.0.0.1:5690 ', 'http://127.0.0.1:5690'],
		['https://proxy.example/is74/api', 'https://proxy.example/is74'],
	])('%p → %p', (input, expected) => {
		expect(normalizeBaseUrl(input)).toEqual({ ok: true, value: expected });
	});
	test.each([
		['', 'empty'],
		['ai-assistant.is74.ru', 'not a valid URL'],
		['ftp://ai-assistant.is74.ru', 'must start with http:// or https://'],
		['javascript:alert(1)', 'must start with http:// or https://'],
		['file:///etc/passwd', 'must start with http:// or https://'],
		['https://user:pass@host', 'user name or password'],
		['https://host/?a=1', 'query'],
	])('%p is refused', (input, reason) => {
		const result = normalizeBaseUrl(input);
		expect(result.ok ? '' : result.reason).toContain(reason);
	});
	test('joinUrl adds a missing slash', () => {
		expect(joinUrl('https://h', 'api/login')).toBe('https://h/api/login');
		expect(joinUrl('https://h', '/api/login')).toBe('https://h/api/login');
	});
});

describe('extractLoginToken', () => {
	test.each([
		[{ token: 'a' }, 'a'],
		[{ access_token: 'b' }, 'b'],
		[{ accessToken: 'c' }, 'c'],
		[{ data: { token: 'd' } }, 'd'],
		[{ data: { access_token: 'e' } }, 'e'],
		[{ token: '' }, undefined],
		[{ data: 'x' }, undefined],
		['token', undefined],
		[null, undefined],
	])('%p → %p', (body, token) => {
		expect(extractLoginToken(body)).toBe(token);
	});
});

test('serverMessage reads JSON messages, validation errors, HTML and text', () => {
	expect(serverMessage('{"message":"The given data was invalid.","errors":{"campaign.phone_id":["is required"]}}')).toBe(
		'The given data was invalid. — campaign.phone_id: is required',
	);
	expect(serverMessage('{"error":{"message":"boom"}}')).toBe('boom');
	expect(serverMessage('<html><body><h1>502 Bad Gateway</h1></body></html>')).toBe('502 Bad Gateway');
	expect(serverMessage('<html><head><title>503 Service Unavailable</title></head><body><h1>503</h1></body></html>')).toBe('503 Service Unavailable');
	expect(serverMessage('plain words')).toBe('plain words');
	expect(serverMessage('')).toBe('');
});

test('scrubSecrets removes secrets and bearer values', () => {
	expect(scrubSecrets('Authorization: Bearer abc.def, password s3cret!', ['s3cret!'])).toBe('Authorization: Bearer ***, password ***');
});

test('parseRetryAfter reads seconds and HTTP dates', () => {
	expect(parseRetryAfter('2')).toBe(2000);
	expect(parseRetryAfter('0')).toBe(0);
	expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
	expect(parseRetryAfter('soon')).toBeUndefined();
	expect(parseRetryAfter(undefined)).toBeUndefined();
});
