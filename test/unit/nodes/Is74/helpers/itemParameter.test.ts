import fc from 'fast-check';
import { ExecuteContext } from 'n8n-core';
import { Workflow, createRunExecutionData, type IDataObject, type INode, type INodeExecutionData, type INodeProperties, type INodeType, type INodeTypes, type IWorkflowExecuteAdditionalData } from 'n8n-workflow';

import { compileReader, compileValue, itemReader, jsonPathOf, pairsReader, readsNoItem } from '../../../../../nodes/Is74/helpers/itemParameter';
import { UNREAD } from '../../../../../nodes/Is74/domain/expressionPath';

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
		// n8n reads text's own properties and a value's inherited ones: left to n8n, item by item.
		expect(compileValue('={{ $json.phone.length }}')!(json)).toBe(UNREAD);
		expect(compileValue('={{ $json.toString }}')!(json)).toBe(UNREAD);
		expect(compileValue('={{ $json.list.map }}')!(json)).toBe(UNREAD);
		expect(compileValue('={{ $json.list.length }}')!(json)).toBe(1);
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

/**
 * The fast readers against n8n's own evaluation: a real ExecuteContext of n8n-core (the one the
 * engine gives a node), its getNodeParameter, over generated paths and data. Whatever the reader
 * reads itself must be what n8n reads; for anything else it must hand the expression to n8n.
 */
describe("itemReader reads $json… and $('X')… paths exactly as n8n's expression evaluation does (property)", () => {
	const properties: INodeProperties[] = [
		{ displayName: 'P', name: 'p', type: 'string', default: '' },
		{
			displayName: 'Fields',
			name: 'fields',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			default: {},
			options: [
				{
					displayName: 'Values',
					name: 'values',
					values: [
						{ displayName: 'Key', name: 'key', type: 'string', default: '' },
						{ displayName: 'Value', name: 'value', type: 'string', default: '' },
					],
				},
			],
		},
	];
	const nodeType = { description: { displayName: 'T', name: 't', group: [], version: 1, description: '', defaults: {}, inputs: ['main'], outputs: ['main'], properties } } as unknown as INodeType;
	const nodeTypes: INodeTypes = { getByName: () => nodeType, getByNameAndVersion: () => nodeType, getKnownTypes: () => ({}) };
	const additionalData = {
		variables: {},
		userId: 'test-user',
		instanceBaseUrl: 'http://127.0.0.1/',
		webhookBaseUrl: 'http://127.0.0.1/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1/webhook-test',
		formWaitingBaseUrl: 'http://127.0.0.1/form-waiting',
	} as unknown as IWorkflowExecuteAdditionalData;

	/** The node `Target` with parameter `p` = raw, run after `Settings`, whose one output item is also its input. */
	function contextFor(raw: string, json: IDataObject): { ctx: ExecuteContext; item: INodeExecutionData } {
		const settings: INode = { id: 's', name: 'Settings', type: 't', typeVersion: 1, position: [0, 0], parameters: {} };
		// `p` alone, and in a pair of a fixed collection as Scenario Fields hold them.
		const parameters = { p: raw, fields: { values: [{ key: 'k', value: raw }] } };
		const node: INode = { id: 'n', name: 'Target', type: 't', typeVersion: 1, position: [200, 0], parameters };
		const workflow = new Workflow({ nodes: [settings, node], connections: { Settings: { main: [[{ node: 'Target', type: 'main', index: 0 }]] } }, active: false, nodeTypes });
		const item: INodeExecutionData = { json, pairedItem: { item: 0 } };
		const runExecutionData = createRunExecutionData({ resultData: { runData: { Settings: [{ startTime: 0, executionTime: 0, executionIndex: 0, source: [], data: { main: [[item]] } }] } } });
		const inputData = { main: [[item]] };
		const ctx = new ExecuteContext(workflow, node, additionalData, 'manual', runExecutionData, 0, [item], inputData, { node, data: inputData, source: { main: [{ previousNode: 'Settings' }] } }, []);
		return { ctx, item };
	}

	type Outcome = { value: unknown } | { threw: true };
	const outcome = (read: () => unknown): Outcome => {
		try {
			return { value: read() };
		} catch {
			return { threw: true };
		}
	};

	/** Keys n8n and a reader could read differently: numeric-looking, inherited, reserved, unicode, quoted. */
	const trickyKeys = [
		'a', 'b', 'list', 'phone', '0', '1', '2', '01', '00', '007', '08', '010', '10', '-1', '-0', '1e3', '0x1', '1.5', ' 1', '1 ',
		'99999999999999999999', '9007199254740993', '4294967295', 'length', 'toString', 'valueOf', 'hasOwnProperty', 'isEmpty',
		'keys', 'first', 'if', 'class', 'undefined', 'NaN', '$json', '_', '$', 'имя', 'телефон', '日本', '😀', 'a b', 'a.b', "it's",
		'say "hi"', '', 'a}b', 'a{b', '}}', '{{', 'a\nb', '\u2028', 'x\\y',
		// n8n refuses these ("security concerns") in 2.41
		'__proto__', 'prototype', 'constructor', 'getPrototypeOf', 'defineProperty', 'mainModule', 'binding', '_load', '__defineGetter__', 'caller', 'callee', 'arguments', 'dlopen',
	];
	const key = fc.oneof(fc.constantFrom(...trickyKeys), fc.string({ maxLength: 4 }), fc.string({ unit: 'grapheme', maxLength: 3 }));
	const { value: jsonValue } = fc.letrec((tie) => ({
		value: fc.oneof(
			{ depthSize: 'small', withCrossShrink: true },
			fc.constantFrom(null, true, false, 0, -1, 7, 1.5, '', 'text', '+79120000001', 'имя'),
			fc.string({ maxLength: 6 }),
			fc.integer(),
			fc.array(tie('value'), { maxLength: 4 }),
			fc.dictionary(key, tie('value'), { maxKeys: 5 }),
		),
	}));
	const data = fc.dictionary(key, jsonValue, { maxKeys: 6 });

	/** Every name and index the data holds, at any depth: paths that find something. */
	const namesIn = (value: unknown): string[] =>
		typeof value === 'object' && value !== null ? Object.entries(value).flatMap(([name, inner]) => [name, ...namesIn(inner)]) : [];

	/**
	 * One step of a path, as a person might write it: mostly what JavaScript can parse (`.name` for
	 * names, `[digits]` for numbers, quotes otherwise), sometimes as written whatever it is.
	 */
	const step = (name: fc.Arbitrary<string>) =>
		fc.tuple(name, fc.constantFrom('dot', 'dot', 'double', 'double', 'single', 'bare'), fc.constantFrom('', '', ' '), fc.integer({ min: 0, max: 4 }).map((draw) => draw === 0)).map(([written, chosen, space, asWritten]) => {
			const fits = chosen === 'dot' ? /^[\p{L}_$][\p{L}\p{N}_$]*$/u.test(written) : chosen === 'bare' ? /^-?[\d.e+x]+$/i.test(written) : true;
			const form = fits || asWritten ? chosen : 'double';
			if (form === 'dot') return `.${written}`;
			if (form === 'double') return `[${space}"${written}"${space}]`;
			if (form === 'single') return `[${space}'${written}'${space}]`;
			return `[${space}${written}${space}]`;
		});
	const root = fc.constantFrom('$json', "$('Settings').first().json", '$("Settings").last().json', "$('Settings').item.json");
	const dataAndExpression = data.chain((json) => {
		const names = namesIn(json);
		const name = names.length === 0 ? key : fc.oneof({ arbitrary: fc.constantFrom(...names), weight: 3 }, { arbitrary: key, weight: 1 });
		return fc.tuple(fc.constant(json), root, fc.array(step(name), { minLength: 1, maxLength: 3 })).map(([value, start, steps]) => [value, `={{ ${start}${steps.join('')} }}`] as const);
	});

	test('generated paths and data: the readers give what n8n gives, alone and in a pair', () => {
		let readFast = 0;
		let runs = 0;
		fc.assert(
			fc.property(dataAndExpression, ([json, raw]) => {
				runs++;
				const expected = outcome(() => contextFor(raw, json).ctx.getNodeParameter('p', 0));
				const { ctx, item } = contextFor(raw, json);
				const actual = outcome(() => itemReader(ctx, 'p')(0, item));
				expect(actual).toEqual(expected);
				const pairs = outcome(() => pairsReader(ctx, 'fields', 'values')(0, item));
				expect(pairs).toEqual(outcome(() => contextFor(raw, json).ctx.getNodeParameter('fields.values', 0)));
				const fast = compileReader(ctx, raw);
				if (fast && fast(0, item) !== UNREAD) readFast++;
			}),
			{ numRuns: 1000 },
		);
		// The property says something about the fast path only if it is taken often.
		expect(readFast / runs).toBeGreaterThan(0.4);
	});

	test.each([
		['$json.list[01]', { list: ['a', 'b'] }, 'b'],
		['$json.obj[01]', { obj: { '1': 'one', '01': 'zero-one' } }, 'one'],
		['$json.obj["01"]', { obj: { '1': 'one', '01': 'zero-one' } }, 'zero-one'],
		['$json.s.length', { s: 'hello' }, 5],
		["$('Settings').first().json.s.length", { s: 'hello' }, 5],
		['$json.big[99999999999999999999]', { big: { '100000000000000000000': 'big' } }, 'big'],
		['$json.list[010]', { list: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] }, 8],
	])('{{ %s }} reads as n8n reads it', (written, json, value) => {
		const { ctx, item } = contextFor(`={{ ${written} }}`, json as IDataObject);
		expect(contextFor(`={{ ${written} }}`, json as IDataObject).ctx.getNodeParameter('p', 0)).toEqual(value);
		expect(itemReader(ctx, 'p')(0, item)).toEqual(value);
	});
});
