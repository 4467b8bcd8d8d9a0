import { compileValue, jsonPathOf, pairsReader, readsNoItem } from '../../../../../nodes/Is74/actions/itemParameter';

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
