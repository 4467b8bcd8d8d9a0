import { PATH, UNREAD, pathSegments, readPath } from '../../../../../nodes/Is74/domain/expressionPath';

const segmentsOf = (written: string) => (new RegExp(`^${PATH}$`).test(written) ? pathSegments(written) : 'no match');

describe('pathSegments: only steps that read as n8n reads them', () => {
	test.each([
		['.a.b', ['a', 'b']],
		['["a b"]', ['a b']],
		["[ 'имя' ]", ['имя']],
		['[0][10]', ['0', '10']],
		['[9007199254740991]', ['9007199254740991']],
		["['01']", ['01']],
		["['$'].a", ['$', 'a']],
		['.$', ['$']],
	])('%s → %p', (written, segments) => {
		expect(segmentsOf(written)).toEqual(segments);
	});

	test.each([
		// n8n reads [01] as [1], [010] as [8] and [99999999999999999999] as [1e20].
		['[01]', undefined],
		['[010]', undefined],
		['[99999999999999999999]', undefined],
		['[9007199254740993]', undefined],
		// n8n refuses these names, or `$` as an object.
		['.constructor', undefined],
		["['__proto__']", undefined],
		['.getPrototypeOf', undefined],
		['.$.a', undefined],
		// Not in the grammar at all: n8n parses them otherwise, or not.
		['["a}}b"]', 'no match'],
		["['a\\'b']", 'no match'],
		['["a\nb"]', 'no match'],
		['[-1]', 'no match'],
		['.имя', 'no match'],
	])('%s is left to n8n', (written, result) => {
		expect(segmentsOf(written)).toBe(result);
	});
});

describe('readPath: what it reads itself, and what it leaves to n8n (UNREAD)', () => {
	const json = { list: ['a'], text: 'hello', count: 5, none: null, nested: { deep: 1 } };
	test.each([
		[['list', '0'], 'a'],
		[['list', 'length'], 1],
		[['nested', 'deep'], 1],
		[['nested'], { deep: 1 }],
		[['none'], null],
		[['none', 'x'], undefined],
		[['missing', 'x'], undefined],
		[['nested', 'absent'], undefined],
		[['list', '5'], undefined],
	])('%p → %p', (path, value) => {
		expect(readPath(json, path)).toEqual(value);
	});

	test.each([
		[['text', 'length']],
		[['text', '0']],
		[['count', 'x']],
		[['nested', 'toString']],
		[['list', 'map']],
	])('%p is UNREAD', (path) => {
		expect(readPath(json, path)).toBe(UNREAD);
	});
});
