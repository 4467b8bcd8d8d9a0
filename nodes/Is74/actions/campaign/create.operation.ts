import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	IPairedItemData,
} from 'n8n-workflow';
import { DateTime } from 'luxon';

import { API_PATHS } from '../../helpers/apiContract';
import {
	FIELD,
	checkScenarioKey,
	differsBetweenItems,
	parseCampaignSettings,
	planCampaigns,
	scenarioDataFromPairs,
	settingsDifference,
	toScenarioData,
	type CampaignBatch,
	type CampaignPlan,
	type CampaignSettings,
	type CampaignSettingsInput,
	type ContactData,
	type RecipientInput,
	type RecipientPolicy,
	type ScenarioContact,
	type ScenarioPair,
} from '../../helpers/campaignPayload';
import { Is74InputError } from '../../helpers/inputError';
import { parseWholeNumber } from '../../helpers/numbers';
import { errorJson, toNodeError } from '../nodeErrors';
import { compileValue, itemReader, pairsReader, readsNoItem, type ItemReader, type PairsReader } from '../itemParameter';
import { MAX_RETRIES, requestSettingsFrom, timeoutOption } from '../../descriptions/requestOptions';
import { campaignIdOf } from '../../helpers/campaignAnswer';
import { parseJson } from '../../helpers/text';
import { answerExcerpt, is74Request, type RequestSettings } from '../../transport';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

const DEFAULT_TIMEOUT_SECONDS = 120;
const show = { resource: ['campaign'], operation: ['create'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Project ID',
		name: 'projectId',
		type: 'number',
		required: true,
		default: 0,
		displayOptions: { show },
		description: 'ID of your IS74 project (API field project_id), from your IS74 manager',
	},
	{
		displayName: 'Scenario Start Block ID',
		name: 'startBlockId',
		type: 'number',
		required: true,
		default: 0,
		displayOptions: { show },
		description: 'ID of the start block of the voice scenario to run (API field start_block_id)',
	},
	{
		displayName: 'Caller Phone ID',
		name: 'phoneId',
		type: 'number',
		required: true,
		default: 0,
		displayOptions: { show },
		description: 'ID of the platform phone number the calls are made from (API field phone_id)',
	},
	{
		displayName: 'Campaign Name',
		name: 'campaignName',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'Customer satisfaction survey',
		displayOptions: { show },
		description:
			'Name shown on the platform (API field name). Split campaigns get "(1/3)", "(2/3)"… appended. With One Campaign per Group of Items, a name read from a segment column makes one campaign per segment.',
	},
	{
		displayName: 'Description',
		name: 'campaignDescription',
		type: 'string',
		default: '',
		displayOptions: { show },
		description: 'Optional description shown on the platform (API field description)',
	},
	{
		displayName: 'Date',
		name: 'date',
		type: 'dateTime',
		required: true,
		default: '',
		displayOptions: { show },
		description:
			'Day the calls start (API field schedule.date). Expressions may give YYYY-MM-DD, an ISO date-time or a Luxon date; the calendar date in the workflow timezone is sent.',
	},
	{
		displayName: 'Start Time',
		name: 'startTime',
		type: 'string',
		required: true,
		default: '09:00',
		placeholder: '09:00',
		displayOptions: { show },
		description: 'Start of the daily call window, HH:MM (API field schedule.start_time)',
	},
	{
		displayName: 'End Time',
		name: 'endTime',
		type: 'string',
		required: true,
		default: '18:00',
		placeholder: '18:00',
		displayOptions: { show },
		description: 'End of the daily call window, HH:MM, later than the start (API field schedule.end_time)',
	},
	{
		displayName: 'Attempts',
		name: 'attempts',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 5 },
		default: 1,
		displayOptions: { show },
		description: 'How many times each number is dialled if nobody answers, 1 to 5 (API field schedule.attempts)',
	},
	{
		displayName: 'Minutes Between Attempts',
		name: 'intervalMinutes',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 5,
		displayOptions: { show },
		description: 'Pause before dialling a number again (API field schedule.interval)',
	},
	{
		displayName: 'Recipients',
		name: 'recipientsMode',
		type: 'options',
		options: [
			{
				name: 'One Campaign for All Items',
				value: 'allItems',
				description: 'Every input item adds one phone number to a single campaign; campaign settings must be the same for every item',
			},
			{
				name: 'One Campaign per Group of Items',
				value: 'grouped',
				description:
					'Items whose campaign settings (name, date, times…) are the same share one campaign: a Campaign Name read from a segment column makes one campaign per segment',
			},
			{
				name: 'One Campaign per Item',
				value: 'perItem',
				description: 'Each input item creates its own campaign from a phone or a list of phones in it',
			},
		],
		default: 'allItems',
		displayOptions: { show },
	},
	{
		displayName: 'Phone',
		name: 'phone',
		type: 'string',
		required: true,
		default: '={{ $json.phone }}',
		displayOptions: { show: { ...show, recipientsMode: ['allItems', 'grouped'] } },
		description: 'The number to call for each item (API field phones[].phone)',
	},
	{
		displayName: 'Phones',
		name: 'phoneList',
		type: 'string',
		required: true,
		default: '={{ $json.phones }}',
		displayOptions: { show: { ...show, recipientsMode: ['perItem'] } },
		description:
			'One phone, a list of phones, or a list of objects that each hold a phone and the scenario data for it',
	},
	{
		displayName: 'Phone Key in List Objects',
		name: 'listPhoneKey',
		type: 'string',
		default: 'phone',
		displayOptions: { show: { ...show, recipientsMode: ['perItem'] } },
		description: 'When the list holds objects, the key of the phone number in each object',
	},
	{
		displayName: 'Scenario Data',
		name: 'scenarioDataMode',
		type: 'options',
		options: [
			{
				name: 'Define Below',
				value: 'fields',
				description: 'Name each scenario parameter and give its value, or the field of each contact it comes from',
			},
			{
				name: 'All Fields of the Item',
				value: 'allFields',
				description: 'Send every field of the item (or list object) except those left out',
			},
			{
				name: 'JSON Object',
				value: 'json',
				description: 'An object, typed or built by an expression',
			},
			{ name: 'None', value: 'none', description: 'Send no per-contact data' },
		],
		default: 'fields',
		displayOptions: { show },
		description: 'Per-contact values for the voice scenario (API field phones[].add_data); each key is a start block parameter',
	},
	{
		displayName: 'Scenario Parameters',
		name: 'scenarioFields',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Parameter',
		default: {},
		displayOptions: { show: { ...show, scenarioDataMode: ['fields'] } },
		options: [
			{
				displayName: 'Parameter',
				name: 'values',
				values: [
					{
						displayName: 'Name',
						name: 'key',
						type: 'string',
						default: '',
						placeholder: 'name',
						description: 'Name of the start block parameter',
					},
					{
						displayName: 'Value From',
						name: 'valueFrom',
						type: 'options',
						options: [
							{
								name: 'Value',
								value: 'value',
								description: 'The text or expression below, evaluated once per input item',
							},
							{
								name: 'Contact Field',
								value: 'contactField',
								description: 'A field of each contact: of each list entry in One Campaign per Item, of the item otherwise',
							},
						],
						default: 'value',
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						placeholder: '={{ $json.name }}',
						displayOptions: { show: { valueFrom: ['value'] } },
						hint: 'Expressions read the input item ($json), not the entries of a list in it. For a field of each contact in a list, set Value From to Contact Field.',
					},
					{
						displayName: 'Contact Field',
						name: 'contactField',
						type: 'string',
						default: '',
						placeholder: 'name',
						displayOptions: { show: { valueFrom: ['contactField'] } },
						description: 'Name of the contact field to send, for example name for [{"phone": "+7…", "name": "Ivan"}]',
					},
				],
			},
		],
	},
	{
		displayName: 'Fields to Leave Out',
		name: 'excludeFields',
		type: 'string',
		default: 'phone',
		displayOptions: { show: { ...show, scenarioDataMode: ['allFields'] } },
		description: 'Comma-separated field names not to send (the phone field usually)',
	},
	{
		displayName: 'Scenario Data (JSON)',
		name: 'scenarioJson',
		type: 'json',
		default: '{}',
		displayOptions: { show: { ...show, scenarioDataMode: ['json'] } },
		description: 'An object of scenario parameters, for example {"name": "Ivan", "debt": 1200}',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Allow Empty Scenario Values',
				name: 'allowEmptyValues',
				type: 'boolean',
				default: false,
				displayOptions: { show: { '/scenarioDataMode': ['fields'] } },
				description:
					'Whether to send a scenario parameter that is empty for a contact as empty text. Off, such a campaign is refused naming the contact, so nobody is called with blank data by mistake.',
			},
			{
				displayName: 'Dry Run',
				name: 'dryRun',
				type: 'boolean',
				default: false,
				description: 'Whether to only validate and output the exact request body, without creating anything',
			},
			{
				displayName: 'Max Rate-Limit Retries',
				name: 'maxRetries',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: MAX_RETRIES },
				default: 3,
				description:
					'How often to retry when the API answers 429 (not accepted) or the request provably never left (connection refused, host not found). Nothing that may have reached the platform is retried, so a campaign is never created twice.',
			},
			{
				displayName: 'Max Recipients per Campaign',
				name: 'maxRecipientsPerCampaign',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description: 'Split longer lists into several campaigns named "Name (1/3)"…; 0 means no limit',
			},
			{
				displayName: 'Normalize Phones',
				name: 'normalizePhones',
				type: 'boolean',
				default: true,
				description:
					'Whether to rewrite Russian numbers as +7XXXXXXXXXX (8XXXXXXXXXX, 7XXXXXXXXXX, 9XXXXXXXXX, with spaces, dashes or brackets)',
			},
			{
				displayName: 'On Invalid Phone',
				name: 'invalidPhones',
				type: 'options',
				options: [
					{ name: 'Stop With an Error', value: 'error' },
					{ name: 'Skip and Report', value: 'skip' },
				],
				default: 'error',
				description: 'What to do with a number that cannot be used',
			},
			{
				displayName: 'Remove Duplicate Phones',
				name: 'removeDuplicates',
				type: 'boolean',
				default: true,
				description: 'Whether to call each number once per campaign (the first occurrence wins)',
			},
			timeoutOption(DEFAULT_TIMEOUT_SECONDS),
		],
	},
];

interface CreateOptions {
	allowEmptyValues?: boolean;
	dryRun?: boolean;
	maxRecipientsPerCampaign?: number | string;
	maxRetries?: number;
	normalizePhones?: boolean;
	invalidPhones?: 'error' | 'skip';
	removeDuplicates?: boolean;
	timeoutSeconds?: number;
}

const MAX_RECIPIENTS_LIMIT = 1_000_000;

function recipientPolicy(options: CreateOptions): RecipientPolicy {
	const max = parseWholeNumber(options.maxRecipientsPerCampaign ?? 0, FIELD.maxPerCampaign, 0, MAX_RECIPIENTS_LIMIT, 'Use 0 for no limit.');
	return {
		normalizePhones: options.normalizePhones ?? true,
		removeDuplicates: options.removeDuplicates ?? true,
		invalidPhones: options.invalidPhones ?? 'error',
		maxPerCampaign: max,
	};
}

/** The campaign-level parameters, and the settings input each one fills. */
const SETTING_PARAMETERS: Array<{ key: keyof CampaignSettingsInput; name: string; fallback?: unknown }> = [
	{ key: 'projectId', name: 'projectId' },
	{ key: 'startBlockId', name: 'startBlockId' },
	{ key: 'phoneId', name: 'phoneId' },
	{ key: 'name', name: 'campaignName' },
	{ key: 'description', name: 'campaignDescription', fallback: '' },
	{ key: 'date', name: 'date' },
	{ key: 'startTime', name: 'startTime' },
	{ key: 'endTime', name: 'endTime' },
	{ key: 'attempts', name: 'attempts' },
	{ key: 'intervalMinutes', name: 'intervalMinutes' },
];

function settingsContext(ctx: IExecuteFunctions): { zone: string; today: string } {
	const zone = ctx.getTimezone();
	return { zone, today: DateTime.now().setZone(zone).toISODate() as string };
}

function readSettings(ctx: IExecuteFunctions, itemIndex: number): CampaignSettings {
	const input = {} as Record<keyof CampaignSettingsInput, unknown>;
	for (const { key, name, fallback } of SETTING_PARAMETERS) input[key] = ctx.getNodeParameter(name, itemIndex, fallback);
	return parseCampaignSettings(input, settingsContext(ctx));
}

/** The items that share one campaign, and its settings. */
interface ItemGroup {
	settings: CampaignSettings;
	itemIndexes: number[];
}

const DIFFERING_SETTINGS_HINT =
	'One Campaign for All Items sends every item in one campaign, with the settings of item 0. Choose Recipients → "One Campaign per Group of Items" for one campaign per distinct value, or "One Campaign per Item", or make the field the same for every item.';

/**
 * Groups the items by their campaign settings, in order of first appearance. Without `grouping`, an
 * item whose settings differ from item 0's is refused, naming the field. `fixed` (item 0's settings)
 * serves every item when no setting reads the item; otherwise settings that read no item are
 * evaluated once, plain `$json` paths skip n8n's evaluator and equal inputs are parsed once.
 */
function groupItems(ctx: IExecuteFunctions, items: INodeExecutionData[], fixed: CampaignSettings, grouping: boolean): ItemGroup[] {
	const parameters = ctx.getNode().parameters;
	if (SETTING_PARAMETERS.every(({ name }) => readsNoItem(parameters[name]))) {
		return [{ settings: fixed, itemIndexes: items.map((_, index) => index) }];
	}
	const readers = SETTING_PARAMETERS.map(({ key, name, fallback }) => {
		const raw = parameters[name];
		const compiled = compileValue(raw);
		let read: ItemReader;
		if (compiled) read = (_itemIndex, item) => compiled(item.json);
		else if (readsNoItem(raw)) {
			const value = ctx.getNodeParameter(name, 0, fallback);
			read = () => value;
		} else read = (itemIndex) => ctx.getNodeParameter(name, itemIndex, fallback);
		return { key, read };
	});
	const context = settingsContext(ctx);
	const parsed = new Map<string, CampaignSettings>();
	const groups = new Map<string, ItemGroup>();
	let first: CampaignSettings | undefined;
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		let settings: CampaignSettings;
		try {
			const input = {} as Record<keyof CampaignSettingsInput, unknown>;
			let plain = true;
			for (const { key, read } of readers) {
				const value = read(itemIndex, items[itemIndex]);
				input[key] = value;
				if (typeof value === 'object' && value !== null) plain = false;
			}
			// Luxon values from expressions are parsed every time; plain inputs once per distinct input.
			const inputKey = plain ? JSON.stringify(input) : undefined;
			const known = inputKey === undefined ? undefined : parsed.get(inputKey);
			settings = known ?? parseCampaignSettings(input, context);
			if (inputKey !== undefined && !known) parsed.set(inputKey, settings);
		} catch (error) {
			throw toNodeError(ctx, error, itemIndex);
		}
		const groupKey = JSON.stringify(settings);
		const group = groups.get(groupKey);
		if (group) {
			group.itemIndexes.push(itemIndex);
			continue;
		}
		first ??= settings;
		const difference = settingsDifference(first, settings);
		if (!grouping && difference) {
			throw differsBetweenItems(difference.field, difference.first, difference.other, itemIndex, DIFFERING_SETTINGS_HINT);
		}
		groups.set(groupKey, { settings, itemIndexes: [itemIndex] });
	}
	return [...groups.values()];
}

/**
 * Parameters that apply to a whole run of One Campaign for All Items / per Group are read from
 * item 0: an expression that gives another item a different value is refused instead of ignored.
 */
function checkRunParameters(ctx: IExecuteFunctions, itemCount: number, dataMode: string): void {
	const shared = [
		{ name: 'options', label: 'Options', fallback: {} },
		{ name: 'scenarioDataMode', label: 'Scenario Data', fallback: 'fields' },
		...(dataMode === 'allFields' ? [{ name: 'excludeFields', label: 'Fields to Leave Out', fallback: '' }] : []),
	];
	for (const { name, label, fallback } of shared) {
		if (readsNoItem(ctx.getNode().parameters[name])) continue;
		const first = ctx.getNodeParameter(name, 0, fallback);
		const firstText = JSON.stringify(first);
		for (let itemIndex = 1; itemIndex < itemCount; itemIndex++) {
			const value = ctx.getNodeParameter(name, itemIndex, fallback);
			if (JSON.stringify(value) !== firstText) {
				const hint = `${label} apply to the whole run and are read from item 0: make them the same for every item, or choose Recipients → "One Campaign per Item".`;
				throw differsBetweenItems(label, first, value, itemIndex, hint);
			}
		}
	}
}

function parseExcludeList(value: unknown): Set<string> {
	return new Set(
		String(value ?? '')
			.split(',')
			.map((field) => field.trim())
			.filter(Boolean),
	);
}

function withoutFields(source: IDataObject, exclude: Set<string>): IDataObject {
	const out: IDataObject = {};
	for (const key of Object.keys(source)) {
		if (exclude.has(key)) continue;
		// Checked before assigning: `out.__proto__ = …` would drop the key without a trace.
		checkScenarioKey(key, source);
		out[key] = source[key];
	}
	return out;
}

/**
 * Scenario data of one contact of item `itemIndex`. `source` is what All Fields sends (the item json
 * or a list object) and `exclude` what it leaves out; `pairsOf` gives the item's Define Below rows.
 */
function scenarioDataFor(
	ctx: IExecuteFunctions,
	itemIndex: number,
	config: ItemConfig,
	source: IDataObject,
	exclude: Set<string>,
	contact: ScenarioContact,
	pairsOf: () => ScenarioPair[],
): ContactData {
	switch (config.dataMode) {
		case 'none':
			return { data: {} };
		case 'allFields':
			return { data: toScenarioData(withoutFields(source, exclude), true) };
		case 'json': {
			let value: unknown = ctx.getNodeParameter('scenarioJson', itemIndex);
			if (typeof value === 'string') {
				const parsed = parseJson(value === '' ? '{}' : value);
				if (!parsed.ok) {
					throw new Is74InputError(FIELD.scenarioData, value, `is not valid JSON (${parsed.reason})`, 'Write a JSON object such as {"name": "Ivan"}.');
				}
				value = parsed.value;
			}
			return { data: toScenarioData(value) };
		}
		default:
			return scenarioDataFromPairs(pairsOf(), contact, config.options.allowEmptyValues === true);
	}
}

/** Recipients of one campaign of One Campaign for All Items / per Group: one per item in `itemIndexes`. */
function* recipientsFromItems(
	ctx: IExecuteFunctions,
	items: INodeExecutionData[],
	itemIndexes: number[],
	config: ItemConfig,
	readPhone: ItemReader,
	readPairs: PairsReader,
): Generator<RecipientInput> {
	for (const itemIndex of itemIndexes) {
		const item = items[itemIndex];
		const phone = readPhone(itemIndex, item);
		let contactData: ContactData;
		try {
			contactData = scenarioDataFor(ctx, itemIndex, config, item.json, config.exclude, { phone, record: item.json }, () => readPairs(itemIndex, item) as ScenarioPair[]);
		} catch (error) {
			throw toNodeError(ctx, error, itemIndex);
		}
		yield { itemIndex, phone, ...contactData };
	}
}

/** Recipients of item `itemIndex`'s own campaign, from its phone list. */
function recipientsFromList(
	ctx: IExecuteFunctions,
	item: INodeExecutionData,
	itemIndex: number,
	config: ItemConfig,
	readPairs: PairsReader,
): RecipientInput[] {
	const list = ctx.getNodeParameter('phoneList', itemIndex) as unknown;
	const phoneKey = String(ctx.getNodeParameter('listPhoneKey', itemIndex, 'phone') || 'phone');
	const entries = Array.isArray(list) ? list : list === undefined || list === null || list === '' ? [] : [list];
	// All Fields sends a list object's own fields, less its phone and the fields left out.
	const entryExclude = new Set([...config.exclude, phoneKey]);
	// The Define Below rows depend on the item only: read them once for its whole list.
	let pairs: ScenarioPair[] | undefined;
	const pairsOf = (): ScenarioPair[] => (pairs ??= readPairs(itemIndex, item) as ScenarioPair[]);
	return entries.map((entry: unknown, listIndex) => {
		if (typeof entry === 'object' && entry !== null && !Array.isArray(entry)) {
			const record = entry as IDataObject;
			const phone = record[phoneKey];
			return { itemIndex, listIndex, phone, ...scenarioDataFor(ctx, itemIndex, config, record, entryExclude, { listIndex, phone, record }, pairsOf) };
		}
		return { itemIndex, listIndex, phone: entry, ...scenarioDataFor(ctx, itemIndex, config, item.json, config.exclude, { listIndex, phone: entry, record: undefined }, pairsOf) };
	});
}

function summaryJson(plan: CampaignPlan, batch: CampaignBatch, settings: CampaignSettings): IDataObject {
	const first = batch.batchNumber === 1;
	return {
		name: batch.body.campaign.name,
		projectId: settings.projectId,
		startBlockId: settings.startBlockId,
		phoneId: settings.phoneId,
		recipientsSent: batch.body.phones.length,
		duplicatesRemoved: first ? plan.duplicates.length : 0,
		rejectedPhones: first ? (plan.rejected as unknown as IDataObject[]) : [],
		schedule: batch.body.campaign.schedule as unknown as IDataObject,
		batchNumber: batch.batchNumber,
		batchCount: batch.batchCount,
	};
}

const pairs = (itemIndexes: number[]): IPairedItemData[] => itemIndexes.map((item) => ({ item }));

async function sendBatch(ctx: IExecuteFunctions, batch: CampaignBatch, itemIndex: number, settings: RequestSettings): Promise<number> {
	const response = await is74Request(
		ctx,
		{ method: 'POST', path: API_PATHS.campaigns, body: batch.body, itemIndex, purpose: `create the campaign "${batch.body.campaign.name}"` },
		'createOnce',
		settings,
	);
	const answer = campaignIdOf(response.body);
	if (!answer.ok) {
		const message = `IS74 API accepted the campaign "${batch.body.campaign.name}" but its answer holds no ${answer.problem === 'unusable' ? 'usable ' : ''}campaign ID`;
		const hint = `The campaign was probably created and may exist: check the platform before running again. The answer was: ${(await answerExcerpt(ctx, response.body)) || '(empty)'}`;
		throw new NodeApiError(ctx.getNode(), { message, description: hint }, { itemIndex, message, description: hint });
	}
	return answer.id;
}

/** What one item configures: read once, used to plan and then to send. */
interface ItemConfig {
	options: CreateOptions;
	dataMode: string;
	exclude: Set<string>;
	settings: CampaignSettings;
	/** Timeout and retries, checked with the rest before anything is sent. */
	requestSettings: RequestSettings;
}

function readItemConfig(ctx: IExecuteFunctions, itemIndex: number): ItemConfig {
	const dataMode = ctx.getNodeParameter('scenarioDataMode', itemIndex) as string;
	const options = ctx.getNodeParameter('options', itemIndex, {}) as CreateOptions;
	return {
		options,
		dataMode,
		exclude: parseExcludeList(dataMode === 'allFields' ? ctx.getNodeParameter('excludeFields', itemIndex, '') : ''),
		settings: readSettings(ctx, itemIndex),
		requestSettings: requestSettingsFrom(options, DEFAULT_TIMEOUT_SECONDS),
	};
}

interface PlannedCampaigns {
	plan: CampaignPlan;
	config: ItemConfig;
	/** The item errors are reported against. */
	itemIndex: number;
}

/** A campaign this run created, for the error that stops the run later. */
interface CreatedCampaign {
	id: number | string;
	name: string;
	itemIndexes: number[];
}

const MAX_LISTED_ITEMS = 5;

/** `ID 1001 "Debtors" (item 0), ID 1002 "VIP" (items 1, 4)`: what a re-run must not create again. */
function describeCreated(created: CreatedCampaign[]): string {
	return created
		.map(({ id, name, itemIndexes }) => {
			const shown = itemIndexes.slice(0, MAX_LISTED_ITEMS).join(', ');
			const more = itemIndexes.length > MAX_LISTED_ITEMS ? ` and ${itemIndexes.length - MAX_LISTED_ITEMS} more` : '';
			return `ID ${id} "${name}" (${itemIndexes.length === 1 ? 'item' : 'items'} ${shown}${more})`;
		})
		.join(', ');
}

/** Sends the planned campaigns; `created` collects every campaign of the run, across items and groups. */
async function deliver(
	ctx: IExecuteFunctions,
	planned: PlannedCampaigns,
	pairedFor: (batch: CampaignBatch) => IPairedItemData[],
	out: INodeExecutionData[],
	created: CreatedCampaign[],
): Promise<void> {
	const { options, settings, requestSettings } = planned.config;
	for (const batch of planned.plan.batches) {
		const json = summaryJson(planned.plan, batch, settings);
		const pairedItem = pairedFor(batch);
		if (options.dryRun) {
			out.push({ json: { dryRun: true, method: 'POST', path: API_PATHS.campaigns, ...json, body: batch.body as unknown as IDataObject }, pairedItem });
			continue;
		}
		try {
			const campaignId = await sendBatch(ctx, batch, planned.itemIndex, requestSettings);
			created.push({ id: campaignId, name: batch.body.campaign.name ?? '', itemIndexes: pairedItem.map((paired) => paired.item) });
			out.push({ json: { campaignId, ...json }, pairedItem });
		} catch (error) {
			const nodeError = toNodeError(ctx, error, planned.itemIndex);
			if (created.length > 0) {
				nodeError.description = `${nodeError.description ?? ''} Campaigns already created in this run: ${describeCreated(created)}.`.trim();
			}
			if (!ctx.continueOnFail()) throw nodeError;
			out.push({ json: errorJson(nodeError), pairedItem });
		}
	}
}

/**
 * One Campaign for All Items / per Group of Items: validates and plans every campaign before the
 * first is sent. Options and data mode come from item 0; settings from each item.
 */
function planGroups(ctx: IExecuteFunctions, items: INodeExecutionData[], grouping: boolean): PlannedCampaigns[] {
	const config = readItemConfig(ctx, 0);
	checkRunParameters(ctx, items.length, config.dataMode);
	const policy = recipientPolicy(config.options);
	const readPhone = itemReader(ctx, 'phone');
	const readPairs = pairsReader(ctx, 'scenarioFields', 'values');
	return groupItems(ctx, items, config.settings, grouping).map((group) => ({
		plan: planCampaigns(group.settings, recipientsFromItems(ctx, items, group.itemIndexes, config, readPhone, readPairs), policy),
		config: { ...config, settings: group.settings },
		itemIndex: group.itemIndexes[0],
	}));
}

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const out: INodeExecutionData[] = [];
	const mode = this.getNodeParameter('recipientsMode', 0) as string;
	if (items.length === 0) return out;
	const created: CreatedCampaign[] = [];

	if (mode === 'perItem') {
		// Validate every item first, so a bad item stops the run before any campaign is created.
		const readPairs = pairsReader(this, 'scenarioFields', 'values');
		const planned: Array<PlannedCampaigns | NodeOperationError | NodeApiError> = [];
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			try {
				const config = readItemConfig(this, itemIndex);
				const recipients = recipientsFromList(this, items[itemIndex], itemIndex, config, readPairs);
				planned.push({ plan: planCampaigns(config.settings, recipients, recipientPolicy(config.options)), config, itemIndex });
			} catch (error) {
				const nodeError = toNodeError(this, error, itemIndex);
				if (!this.continueOnFail()) throw nodeError;
				planned.push(nodeError);
			}
		}
		for (let itemIndex = 0; itemIndex < planned.length; itemIndex++) {
			const entry = planned[itemIndex];
			if (entry instanceof NodeOperationError || entry instanceof NodeApiError) {
				out.push({ json: errorJson(entry), pairedItem: { item: itemIndex } });
				continue;
			}
			await deliver(this, entry, () => [{ item: itemIndex }], out, created);
		}
		return out;
	}

	// One campaign for all items, or one per group of items with the same campaign settings.
	let planned: PlannedCampaigns[];
	try {
		planned = planGroups(this, items, mode === 'grouped');
	} catch (error) {
		// Errors about one item already name it; errors about the whole run belong to item 0.
		const nodeError = toNodeError(this, error, 0);
		if (!this.continueOnFail()) throw nodeError;
		return [{ json: errorJson(nodeError), pairedItem: pairs(items.map((_, index) => index)) }];
	}
	for (const group of planned) await deliver(this, group, (batch) => pairs(batch.itemIndexes), out, created);
	return out;
}
