import { nodeItemPathOf } from '../../../../../nodes/Is74/compat/nodeItemPaths';

describe("nodeItemPathOf: $('Node').first() / .last() / .item paths", () => {
	test.each([
		["={{ $('Settings').first().json.campaignTitle }}", { node: 'Settings', pick: 'first', path: ['campaignTitle'] }],
		['={{$("Settings").last().json.a.b}}', { node: 'Settings', pick: 'last', path: ['a', 'b'] }],
		["={{ $('My Contacts').item.json['имя'] }}", { node: 'My Contacts', pick: 'item', path: ['имя'] }],
		["={{ $( 'Settings' ) . first( ) . json.list[0] }}", { node: 'Settings', pick: 'first', path: ['list', '0'] }],
	])('%s → %p', (raw, expected) => {
		expect(nodeItemPathOf(raw)).toEqual(expected);
	});

	test.each([
		["={{ $('Settings').first().json }}"],
		["={{ $('Settings').first().json.title.trim() }}"],
		["={{ $('Settings').first(1).json.title }}"],
		["={{ $('Settings').all()[0].json.title }}"],
		["={{ $('Settings').first().binary.data }}"],
		["={{ $('Settings').first().json.__proto__ }}"],
		["={{ $('Set' + 'tings').first().json.title }}"],
		["={{ $('').first().json.title }}"],
		["=Survey {{ $('Settings').first().json.title }}"],
		["{{ $('Settings').first().json.title }}"],
		['={{ $json.title }}'],
	])('%p is left to n8n', (raw) => {
		expect(nodeItemPathOf(raw)).toBeUndefined();
	});
});
