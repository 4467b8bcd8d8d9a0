import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	IPairedItemData,
} from 'n8n-workflow';
import { DateTime } from 'luxon';

import { API_PATHS } from '../../../shared/api/contract';
import {
	FIELD,
	parseCampaignSettings,
	planCampaigns,
	toScenarioData,
	type CampaignBatch,
	type CampaignPlan,
	type CampaignSettings,
	type RecipientInput,
	type RecipientPolicy,
	type ScenarioData,
} from '../../../shared/campaignPayload';
import { Is74InputError } from '../../../shared/inputError';
import { errorJson, toNodeError } from '../../../shared/nodeErrors';
import { itemReader, pairsReader, type PairsReader } from '../../../shared/itemParameter';
import { requestSettingsFrom, timeoutOption } from '../../../shared/requestOptions';
import { campaignIdOf } from '../../../shared/campaignAnswer';
import { parseJson } from '../../../shared/text';
import { answerExcerpt, is74Request, type RequestSettings } from '../../../shared/transport';
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
		description: 'Name shown on the platform (API field name). Split campaigns get "(1/3)", "(2/3)"… appended.',
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
				description: 'Every input item adds one phone number to a single campaign',
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
		displayOptions: { show: { ...show, recipientsMode: ['allItems'] } },
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
				description: 'Name each scenario parameter and give its value (expressions are evaluated per contact)',
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
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						placeholder: '={{ $json.name }}',
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
				typeOptions: { minValue: 0, maxValue: 10 },
				default: 3,
				description:
					'How often to retry when the API answers 429 (not accepted). Other failures are never retried, so a campaign is never created twice.',
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
	dryRun?: boolean;
	maxRecipientsPerCampaign?: number;
	maxRetries?: number;
	normalizePhones?: boolean;
	invalidPhones?: 'error' | 'skip';
	removeDuplicates?: boolean;
	timeoutSeconds?: number;
}

function recipientPolicy(options: CreateOptions): RecipientPolicy {
	const max = options.maxRecipientsPerCampaign ?? 0;
	if (!Number.isInteger(max) || max < 0) {
		throw new Is74InputError(FIELD.maxPerCampaign, max, 'must be 0 or a positive whole number', 'Use 0 for no limit.');
	}
	return {
		normalizePhones: options.normalizePhones ?? true,
		removeDuplicates: options.removeDuplicates ?? true,
		invalidPhones: options.invalidPhones ?? 'error',
		maxPerCampaign: max,
	};
}

function readSettings(ctx: IExecuteFunctions, itemIndex: number): CampaignSettings {
	const zone = ctx.getTimezone();
	return parseCampaignSettings(
		{
			projectId: ctx.getNodeParameter('projectId', itemIndex),
			startBlockId: ctx.getNodeParameter('startBlockId', itemIndex),
			phoneId: ctx.getNodeParameter('phoneId', itemIndex),
			name: ctx.getNodeParameter('campaignName', itemIndex),
			description: ctx.getNodeParameter('campaignDescription', itemIndex, ''),
			date: ctx.getNodeParameter('date', itemIndex),
			startTime: ctx.getNodeParameter('startTime', itemIndex),
			endTime: ctx.getNodeParameter('endTime', itemIndex),
			attempts: ctx.getNodeParameter('attempts', itemIndex),
			intervalMinutes: ctx.getNodeParameter('intervalMinutes', itemIndex),
		},
		{ zone, today: DateTime.now().setZone(zone).toISODate() as string },
	);
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
	for (const key of Object.keys(source)) if (!exclude.has(key)) out[key] = source[key];
	return out;
}

/** Scenario data for item `itemIndex`; `source` is the item json or, per item, a list object. */
function scenarioDataFor(ctx: IExecuteFunctions, item: INodeExecutionData, itemIndex: number, mode: string, source: IDataObject, exclude: Set<string>, readPairs: PairsReader): ScenarioData {
	switch (mode) {
		case 'none':
			return {};
		case 'allFields':
			return toScenarioData(withoutFields(source, exclude), true);
		case 'json': {
			let value: unknown = ctx.getNodeParameter('scenarioJson', itemIndex);
			if (typeof value === 'string') {
				const parsed = parseJson(value === '' ? '{}' : value);
				if (!parsed.ok) {
					throw new Is74InputError(FIELD.scenarioData, value, `is not valid JSON (${parsed.reason})`, 'Write a JSON object such as {"name": "Ivan"}.');
				}
				value = parsed.value;
			}
			return toScenarioData(value);
		}
		default: {
			const pairs = readPairs(itemIndex, item);
			const data: IDataObject = {};
			for (const pair of pairs) {
				const key = String(pair.key ?? '').trim();
				if (key === '') {
					throw new Is74InputError(FIELD.scenarioData, pair, 'has a parameter without a name', 'Give every scenario parameter a name or remove it.');
				}
				data[key] = pair.value as IDataObject[string];
			}
			return toScenarioData(data, true);
		}
	}
}

/** Recipients of the single campaign: one per input item. */
function* recipientsFromItems(ctx: IExecuteFunctions, items: INodeExecutionData[], mode: string, exclude: Set<string>): Generator<RecipientInput> {
	const readPhone = itemReader(ctx, 'phone');
	const readPairs = pairsReader(ctx, 'scenarioFields', 'values');
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const item = items[itemIndex];
		let data: ScenarioData;
		try {
			data = scenarioDataFor(ctx, item, itemIndex, mode, item.json, exclude, readPairs);
		} catch (error) {
			throw toNodeError(ctx, error, itemIndex);
		}
		yield { itemIndex, phone: readPhone(itemIndex, item), data };
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
	const { dataMode: mode, exclude } = config;
	const list = ctx.getNodeParameter('phoneList', itemIndex) as unknown;
	const phoneKey = String(ctx.getNodeParameter('listPhoneKey', itemIndex, 'phone') || 'phone');
	const entries = Array.isArray(list) ? list : list === undefined || list === null || list === '' ? [] : [list];
	return entries.map((entry: unknown, listIndex) => {
		if (typeof entry === 'object' && entry !== null && !Array.isArray(entry)) {
			const record = entry as IDataObject;
			const source = mode === 'allFields' ? withoutFields(record, new Set([phoneKey])) : item.json;
			return { itemIndex, listIndex, phone: record[phoneKey], data: scenarioDataFor(ctx, item, itemIndex, mode, source, exclude, readPairs) };
		}
		return { itemIndex, listIndex, phone: entry, data: scenarioDataFor(ctx, item, itemIndex, mode, item.json, exclude, readPairs) };
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
}

function readItemConfig(ctx: IExecuteFunctions, itemIndex: number): ItemConfig {
	const dataMode = ctx.getNodeParameter('scenarioDataMode', itemIndex) as string;
	return {
		options: ctx.getNodeParameter('options', itemIndex, {}) as CreateOptions,
		dataMode,
		exclude: parseExcludeList(dataMode === 'allFields' ? ctx.getNodeParameter('excludeFields', itemIndex, '') : ''),
		settings: readSettings(ctx, itemIndex),
	};
}

interface PlannedCampaigns {
	plan: CampaignPlan;
	config: ItemConfig;
	/** The item errors are reported against. */
	itemIndex: number;
}

async function deliver(
	ctx: IExecuteFunctions,
	planned: PlannedCampaigns,
	pairedFor: (batch: CampaignBatch) => IPairedItemData[],
	out: INodeExecutionData[],
): Promise<void> {
	const { options, settings } = planned.config;
	const requestSettings = requestSettingsFrom(options, DEFAULT_TIMEOUT_SECONDS);
	const created: Array<number | string> = [];
	for (const batch of planned.plan.batches) {
		const json = summaryJson(planned.plan, batch, settings);
		if (options.dryRun) {
			out.push({ json: { dryRun: true, method: 'POST', path: API_PATHS.campaigns, ...json, body: batch.body as unknown as IDataObject }, pairedItem: pairedFor(batch) });
			continue;
		}
		try {
			const campaignId = await sendBatch(ctx, batch, planned.itemIndex, requestSettings);
			created.push(campaignId);
			out.push({ json: { campaignId, ...json }, pairedItem: pairedFor(batch) });
		} catch (error) {
			const nodeError = toNodeError(ctx, error, planned.itemIndex);
			if (created.length > 0) {
				nodeError.description = `${nodeError.description ?? ''} Campaigns already created in this run: ${created.join(', ')}.`.trim();
			}
			if (!ctx.continueOnFail()) throw nodeError;
			out.push({ json: errorJson(nodeError), pairedItem: pairedFor(batch) });
		}
	}
}

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const out: INodeExecutionData[] = [];
	const mode = this.getNodeParameter('recipientsMode', 0) as string;
	if (items.length === 0) return out;

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
			await deliver(this, entry, () => [{ item: itemIndex }], out);
		}
		return out;
	}

	// One campaign for all items: settings come from the first item, recipients from every item.
	let planned: PlannedCampaigns;
	try {
		const config = readItemConfig(this, 0);
		const recipients = recipientsFromItems(this, items, config.dataMode, config.exclude);
		planned = { plan: planCampaigns(config.settings, recipients, recipientPolicy(config.options)), config, itemIndex: 0 };
	} catch (error) {
		// Errors about one recipient already name their item; settings errors belong to item 0.
		const nodeError = toNodeError(this, error, 0);
		if (!this.continueOnFail()) throw nodeError;
		return [{ json: errorJson(nodeError), pairedItem: pairs(items.map((_, index) => index)) }];
	}
	await deliver(this, planned, (batch) => pairs(batch.itemIndexes), out);
	return out;
}
