import { compileValue, itemReader, jsonPathOf, nodeItemPathOf, pairsReader, readsNoItem } from '../../../../../nodes/Is74/actions/itemParameter';

describe('jsonPathOf: only plain $json paths are compiled', () => {
	test.each([
		['={{ $json.phone }}', ['phone']],
		['={{$json.phone}}', ['phone']],
		['={{ $json.contact.phone }}', ['contact', 'phone']],
		['={{ $json["phone number"] }}', ['phone number']],
		["={{ $json['телефон'] }}", ['телефон']],
		['={{ $json.phones[0] }}', ['phones', '0']],
	])('%s → %p', (raw, path) => {
		expect(jsonPathOf(raw)).toEqual(path);
	});

	test.each([
		['={{ $json.phone.trim() }}'],
		['={{ $json.phone + "" }}'],
		['={{ $json }}'],
		['=+7{{ $json.phone }}'],
		['={{ $json.phone }} '],
		['={{ $("Contacts").item.json.phone }}'],
		['={{ $json.__proto__ }}'],
		['={{ $json["a"]["constructor"] }}'],
		['{{ $json.phone }}'],
		[42],
	])('%p is left to n8n', (raw) => {
		expect(jsonPathOf(raw)).toBeUndefined();
	});
});

describe('compileValue', () => {
	const json = { phone: '+79120000001', contact: { phone: 89120000002 }, list: ['a'], nothing: null };
	test('constants and paths', () => {
		expect(compileValue('plain text')!(json)).toBe('plain text');
		expect(compileValue(7)!(json)).toBe(7);
		expect(compileValue('={{ $json.contact.phone }}')!(json)).toBe(89120000002);
		expect(compileValue('={{ $json.list[0] }}')!(json)).toBe('a');
		expect(compileValue('={{ $json.missing.deeper }}')!(json)).toBeUndefined();
		expect(compileValue('={{ $json.nothing.deeper }}')!(json)).toBeUndefined();
		expect(compileValue('={{ $json.phone.length }}')!(json)).toBeUndefined();
		expect(compileValue('={{ $json.toString }}')!(json)).toBeUndefined();
	});
	test('anything else is not compiled', () => {
		expect(compileValue('={{ 1 + 1 }}')).toBeUndefined();
	});
});

describe('pairsReader', () => {
	const item = { json: { title: 'Debtors', name: 'item name' } };
	const ctxWith = (values: unknown[], evaluated: unknown[] = []) =>
		({
			getNode: () => ({ parameters: { scenarioFields: { values } } }),
			getNodeParameter: () => evaluated,
		}) as never;

	test('every sub-field of a pair is compiled, not only key and value', () => {
		const read = pairsReader(ctxWith([{ key: 'name', valueFrom: 'contactField', contactField: 'name' }, { key: 'segment', value: '={{ $json.title }}' }]), 'scenarioFields', 'values');
		expect(read(0, item)).toEqual([
			{ key: 'name', valueFrom: 'contactField', contactField: 'name' },
			{ key: 'segment', value: 'Debtors' },
		]);
	});

	test('a pair n8n must evaluate sends the whole collection to n8n', () => {
		const evaluated = [{ key: 'name', value: 'from n8n' }];
		const read = pairsReader(ctxWith([{ key: 'name', valueFrom: '={{ "value" }}', value: 'x' }], evaluated), 'scenarioFields', 'values');
		expect(read(0, item)).toBe(evaluated);
	});
});

describe('readsNoItem: what is evaluated once for a whole run', () => {
	test.each([
		['Survey'],
		[7],
		["={{ $now.plus({ days: 1 }).toFormat('yyyy-MM-dd') }}"],
		['={{ $today }}'],
		['={{ "Survey " + $workflow.name }}'],
		['={{ 1 + 1 }}'],
		['={{ 5 }}'],
		['=Survey {{ $today.toFormat("dd.MM") }} for {{ $workflow.name }}'],
		["={{ $now.hour < 12 ? 'Morning' : 'Evening' }}"],
		['={{ $today.minus({ days: 1, hours: 2 }) }}'],
		[{ maxRetries: 3, timeoutSeconds: '={{ $vars.timeout }}' }],
	])('%p reads no item', (raw) => {
		expect(readsNoItem(raw)).toBe(true);
	});
	test.each([
		['={{ $json.segment }}'],
		['={{ $itemIndex }}'],
		["={{ $('Contacts').item.json.segment }}"],
		['={{ $input.item.json.segment }}'],
		['={{ $binary.data.fileName }}'],
		['={{ $node["Contacts"].json.segment }}'],
		['={{ $parameter.campaignDescription }}'],
		['={{ $item(0).$node.X.json.a }}'],
		['={{ $unknownHelper() }}'],
		[{ maxRecipientsPerCampaign: '={{ $json.max }}' }],
		['={{ Math.random() }}'],
		['={{ Math.random() > 0.5 ? "A" : "B" }}'],
		['={{ $now.toMillis() + Math.random() }}'],
		['={{ new Date().getTime() }}'],
		['={{ Date.now() }}'],
		['={{ [1, 2].map((x) => x * 2) }}'],
		["={{ (0).constructor.constructor('return Math.random()')() }}"],
		["={{ $now['toFormat']('x') }}"],
		['={{ `${$now}` }}'],
	])('%p reads the item', (raw) => {
		expect(readsNoItem(raw)).toBe(false);
	});
});

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

describe("itemReader reads $('Node')… paths from n8n's data proxy, never through the expression engine", () => {
	const outputs: Record<string, Array<{ json: Record<string, unknown> }>> = {
		Settings: [{ json: { campaignTitle: 'Autumn survey', nested: { list: ['x'] } } }, { json: { campaignTitle: 'Last one' } }],
	};
	function ctxWith(parameters: Record<string, unknown>) {
		const proxyCalls: number[] = [];
		const ctx = {
			getNode: () => ({ parameters }),
			getNodeParameter: () => {
				throw new Error('getNodeParameter must not be called');
			},
			getWorkflowDataProxy: (itemIndex: number) => {
				proxyCalls.push(itemIndex);
				return {
					$: (node: string) => ({
						first: () => outputs[node][0],
						last: () => outputs[node][outputs[node].length - 1],
						// The item paired with input item n: here, output item n.
						get item() {
							return outputs[node][itemIndex];
						},
					}),
				};
			},
		} as never;
		return { ctx, proxyCalls };
	}
	const item = { json: {} };

	test('first(): the same value for every item, read once', () => {
		const { ctx, proxyCalls } = ctxWith({ campaignName: "={{ $('Settings').first().json.campaignTitle }}" });
		const read = itemReader(ctx, 'campaignName');
		expect([read(0, item), read(1, item), read(2, item)]).toEqual(['Autumn survey', 'Autumn survey', 'Autumn survey']);
		expect(proxyCalls).toEqual([0]);
	});

	test('asked for again in the same run (per item, per batch), a reader still reads a run-wide value once', () => {
		const { ctx, proxyCalls } = ctxWith({ campaignName: "={{ $('Settings').first().json.campaignTitle }}" });
		expect([0, 1, 2].map((index) => itemReader(ctx, 'campaignName')(index, item))).toEqual(['Autumn survey', 'Autumn survey', 'Autumn survey']);
		expect(proxyCalls).toEqual([0]);
	});

	test('last(), deeper paths, and a path that is not there', () => {
		expect(itemReader(ctxWith({ p: "={{ $('Settings').last().json.campaignTitle }}" }).ctx, 'p')(0, item)).toBe('Last one');
		expect(itemReader(ctxWith({ p: "={{ $('Settings').first().json.nested.list[0] }}" }).ctx, 'p')(0, item)).toBe('x');
		expect(itemReader(ctxWith({ p: "={{ $('Settings').first().json.missing.deeper }}" }).ctx, 'p')(0, item)).toBeUndefined();
	});

	test('.item: read per item, from the item paired with it', () => {
		const { ctx, proxyCalls } = ctxWith({ p: "={{ $('Settings').item.json.campaignTitle }}" });
		const read = itemReader(ctx, 'p');
		expect([read(0, item), read(1, item)]).toEqual(['Autumn survey', 'Last one']);
		expect(proxyCalls).toEqual([0, 1]);
	});

	test('pairsReader reads such a path in a pair too', () => {
		const { ctx } = ctxWith({ scenarioFields: { values: [{ key: 'title', value: "={{ $('Settings').first().json.campaignTitle }}" }] } });
		expect(pairsReader(ctx, 'scenarioFields', 'values')(0, item)).toEqual([{ key: 'title', value: 'Autumn survey' }]);
	});
});
