import { extractLoginToken, joinUrl, normalizeBaseUrl } from '../../../../../nodes/Is74/domain/baseUrl';

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
