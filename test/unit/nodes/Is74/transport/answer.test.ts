import { parseRetryAfter } from '../../../../../nodes/Is74/transport/answer';

test('parseRetryAfter reads seconds and HTTP dates', () => {
	expect(parseRetryAfter('2')).toBe(2000);
	expect(parseRetryAfter('0')).toBe(0);
	expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
	expect(parseRetryAfter('soon')).toBeUndefined();
	expect(parseRetryAfter(undefined)).toBeUndefined();
});
