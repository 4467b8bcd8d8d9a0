import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { alreadyCreatedError, partlySentError, repeatedInRunError, type RememberedCampaign } from '../../domain/duplicateMemory';
import { planCampaigns, type CampaignBatch } from '../../domain/campaignPlan';
import { EMPTY_VALUES_CHOICES } from '../../domain/scenarioData';
import { campaignHints, type CampaignHint, type CampaignOutcome } from '../../domain/campaignHints';
import { checkRecipientTotal } from '../../domain/guardRails';
import { DEFAULT_TIMEOUT_SECONDS, MAX_RETRIES, timeoutOption } from '../../descriptions/requestOptions';
import { itemReader, pairsReader } from '../../helpers/itemParameter';
import { atItem, ofTheRun } from '../../helpers/nodeErrors';
import type { WorkUnit } from '../router';
import {
	INVALID_PHONE_CHOICES,
	RECIPIENTS_CHOICES,
	RECIPIENTS_MODE,
	SCENARIO_DATA_CHOICES,
	checkRunParameters,
	checkSameOptions,
	groupItems,
	readItemConfig,
	readParameter,
	recipientPolicy,
	type RecipientsMode,
} from './config';
import { CampaignMemoryStore } from './duplicateMemory';
import { readGuardRails, type GuardRails } from './guardRails';
import { contactsOfItems, contactsOfList, refuseEmptyForEveryContact } from './contacts';
import { CampaignRun, summaryJson, type PlannedCampaigns } from './send';

const show = { resource: ['campaign'], operation: ['create'] };

/** An option list's choices (config.ts reads them) with what the editor says of each. */
function withDescriptions<T extends string>(choices: ReadonlyArray<{ name: string; value: T }>, descriptions: Record<T, string>): Array<{ name: string; value: T; description: string }> {
	return choices.map((choice) => ({ ...choice, description: descriptions[choice.value] }));
}

/**
 * What an AI agent reads about this tool (n8n uses a node's own `toolDescription` parameter instead of
 * its automatic "Create a call campaign in IS74 Campaign").
 */
export const TOOL_DESCRIPTION =
	'Creates an outbound call campaign on the IS74 voice platform: it places REAL phone calls to the people listed, on the given date. ' +
	'Phones: +7XXXXXXXXXX; several as text separated by commas, semicolons or new lines, or as a JSON array. ' +
	'Schedule: date YYYY-MM-DD (today or later), a daily call window HH:MM to HH:MM (end after start), 1 to 5 attempts per number, whole minutes between attempts. ' +
	'Guard rails set on the node may limit which numbers may be called (phone prefixes) and how many people one call may reach, and refuse a campaign this node already created (same name, date and phones). ' +
	'Returns campaignId, name and recipientsSent (and rejectedPhones); in Dry Run (propose only) nothing is sent and the proposed campaign is returned for a person to approve. ' +
	'A refusal explains why and what to change.';

/** Limits a business sets on the node; in tool use they are on by default. */
const guardRailOptions: INodeProperties[] = [
	{
		displayName: 'Allowed Phone Prefixes',
		name: 'allowedPrefixes',
		type: 'string',
		default: '+7',
		placeholder: '+7, +375',
		description:
			'Only numbers starting with one of these comma-separated prefixes (such as +7, +7912 or +375) are called; checked after normalization, before anything is sent. Empty allows every number.',
	},
	{
		displayName: 'Duplicate Protection',
		name: 'duplicateProtection',
		type: 'boolean',
		default: true,
		description:
			"Whether to refuse a campaign this node already created or may have created (same project, name, date and phones), naming the earlier campaign ID. Remembered in the workflow's static data (saved by production executions, not by manual test runs) until the campaign date has passed, up to 1,000 campaigns.",
	},
	{
		displayName: 'Max Recipients per Execution',
		name: 'maxRecipientsPerExecution',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 50,
		description:
			'Refuse a run (one tool call, or one execution of the node) that would call more people than this, counted over all its campaigns, before anything is sent; 0 means no limit',
	},
];

/** Shown at the top of the panel: a campaign calls real people, and how to try the node without that. */
export const REAL_CALLS_NOTICE =
	'This node places real phone calls: each campaign it creates calls the people listed, on the date set. ' +
	'To try it safely, turn on Options → Dry Run (nothing is sent; the output shows the exact request) and set Guard Rails: Allowed Phone Prefixes, Max Recipients per Execution, Duplicate Protection.';

export const description: INodeProperties[] = [
	{
		displayName: REAL_CALLS_NOTICE,
		name: 'realCallsNotice',
		type: 'notice',
		default: '',
		displayOptions: { show },
	},
	{
		displayName: 'Description',
		name: 'toolDescription',
		type: 'string',
		default: TOOL_DESCRIPTION,
		required: true,
		typeOptions: { rows: 6 },
		displayOptions: { show: { '@tool': [true] } },
		description: 'What the AI agent is told about this tool: what it does, that it calls real people, the phone format, the schedule rules and what it returns',
	},
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
			'Day the calls start (API field schedule.date). Expressions may give YYYY-MM-DD, an ISO date-time or a Luxon date; the calendar date in the workflow timezone is sent. As an AI agent\'s tool, only YYYY-MM-DD is taken.',
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
		options: withDescriptions(RECIPIENTS_CHOICES, {
			allItems: 'Every input item adds one phone number to a single campaign; campaign settings must be the same for every item',
			grouped:
				'Items whose campaign settings (name, date, times…) are the same share one campaign: a Campaign Name read from a segment column makes one campaign per segment',
			perItem: 'Each input item creates its own campaign from a phone or a list of phones in it',
		}),
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
		description: 'The number to call for each item (API field phones[].phone); a list adds every phone in it',
		hint: 'One phone such as +79120000001, or several: text separated by commas, semicolons or new lines, or a JSON array',
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
		hint: 'A list may be text separated by commas, semicolons or new lines ("+79120000001, +79120000002"), a JSON array, or an array from an expression',
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
		options: withDescriptions(SCENARIO_DATA_CHOICES, {
			fields: 'Name each scenario parameter and give its value, or the field of each contact it comes from',
			allFields: 'Send every field of the item (or list object) except those left out',
			json: 'An object, typed or built by an expression',
			none: 'Send no per-contact data',
		}),
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
		displayName: 'Guard Rails',
		name: 'guardRails',
		type: 'collection',
		placeholder: 'Add Guard Rail',
		// Every rail, off, rather than {}: n8n turns Guard Rails given as one expression into {}, which
		// must not read as "untouched".
		default: { allowedPrefixes: '', maxRecipientsPerExecution: 0, duplicateProtection: false },
		displayOptions: { show: { ...show, '@tool': [false] } },
		description: 'Limits on who may be called and how many, and protection against creating the same campaign twice',
		options: guardRailOptions,
	},
	{
		displayName: 'Guard Rails',
		name: 'guardRails',
		type: 'collection',
		placeholder: 'Add Guard Rail',
		// In tool use: Russian numbers only, at most 50 people per call, never the same campaign twice.
		default: { allowedPrefixes: '+7', maxRecipientsPerExecution: 50, duplicateProtection: true },
		displayOptions: { show: { ...show, '@tool': [true] } },
		description: 'Limits on what the AI agent may do with this tool: who may be called, how many people per call, and no campaign created twice',
		options: guardRailOptions,
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		// Dry Run (off) rather than {}: n8n turns Options given as one expression into {}, which must
		// not read as "every default" (a Dry Run dropped would create the campaign for real).
		default: { dryRun: false },
		displayOptions: { show },
		options: [
			{
				// Replaced by Empty Scenario Values. Kept so that n8n keeps it in saved workflows (it drops
				// options its description lacks), shown only where it is on; on, it means "Allow All".
				displayName: 'Allow Empty Scenario Values (Old)',
				name: 'allowEmptyValues',
				type: 'boolean',
				default: false,
				displayOptions: { show: { allowEmptyValues: [true], '/scenarioDataMode': ['fields', 'allFields', 'json'] } },
				description: 'Whether to send every empty scenario value (replaced by Empty Scenario Values: on is "Allow All"; remove it to choose there)',
			},
			{
				displayName: 'Dry Run',
				name: 'dryRun',
				type: 'boolean',
				default: false,
				description:
					'Whether to only validate and output the exact request body, without creating anything: "propose only", for a person to approve before a real run (guard rails still apply)',
			},
			{
				displayName: 'Empty Scenario Values',
				name: 'emptyValues',
				type: 'options',
				options: withDescriptions(EMPTY_VALUES_CHOICES, {
					allowAll: 'Send every missing, null or blank value as empty text, even a Define Below parameter empty for every contact',
					refuseEmptyForAll:
						'Refuse a Define Below parameter that is empty for every contact of the run (an expression reading a field the items do not have); send other empty values as empty text',
					refuseAny: 'Refuse the run if any contact who would be called has a missing, null or blank value, naming the contact and the key',
				}),
				default: 'refuseEmptyForAll',
				displayOptions: { show: { '/scenarioDataMode': ['fields', 'allFields', 'json'] } },
				description:
					'What to do with scenario values that are missing, null or blank. Values sent empty are counted per key in the output (emptyScenarioValues).',
			},
			{
				displayName: 'Max Rate-Limit Retries',
				name: 'maxRetries',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: MAX_RETRIES },
				// Literal, as n8n's scanner wants; held to the transport's default by requestOptions' test.
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
					'Whether to rewrite Russian numbers as +7XXXXXXXXXX (8XXXXXXXXXX, 7XXXXXXXXXX, 9XXXXXXXXX, with spaces, dashes or brackets) and refuse "+8" followed by a Russian number as a typo for +7. Off, the digits are sent as typed.',
			},
			{
				displayName: 'On Invalid Phone',
				name: 'invalidPhones',
				type: 'options',
				options: [...INVALID_PHONE_CHOICES],
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
			timeoutOption(DEFAULT_TIMEOUT_SECONDS.create),
		],
	},
];

/** Each option's display name, to name an option that differs between items. */
const OPTION_LABELS = Object.fromEntries(
	((description.find((property) => property.name === 'options')?.options ?? []) as INodeProperties[]).map((option) => [option.name, option.displayName]),
);

/**
 * One Campaign for All Items / per Group of Items: every campaign validated and planned before the
 * first is sent. Options and data mode come from item 0, settings from each item.
 */
function planGroups(ctx: IExecuteFunctions, items: INodeExecutionData[], grouping: boolean, guards: GuardRails): PlannedCampaigns[] {
	const config = readItemConfig(ctx, 0);
	checkRunParameters(ctx, items.length, config.dataMode);
	const policy = recipientPolicy(config, guards.allowedPrefixes);
	const readPhone = itemReader(ctx, 'phone');
	const readPairs = pairsReader(ctx, 'scenarioFields', 'values');
	return groupItems(ctx, items, config.settings, grouping).map((group) => ({
		plan: planCampaigns(group.settings, contactsOfItems(ctx, items, group.itemIndexes, config, readPhone, readPairs), policy),
		config: { ...config, settings: group.settings },
		itemIndex: group.itemIndexes[0],
	}));
}

/** One Campaign per Item: each item's campaigns planned from its phone list, or the problem found. */
function planEachItem(ctx: IExecuteFunctions, items: INodeExecutionData[], guards: GuardRails): Array<PlannedCampaigns | WorkUnit> {
	const readPairs = pairsReader(ctx, 'scenarioFields', 'values');
	return items.map((item, itemIndex) => {
		try {
			const config = readItemConfig(ctx, itemIndex);
			const contacts = contactsOfList(ctx, item, itemIndex, config, readPairs);
			return { plan: planCampaigns(config.settings, contacts, recipientPolicy(config, guards.allowedPrefixes)), config, itemIndex };
		} catch (problem) {
			return { itemIndexes: [itemIndex], problem };
		}
	});
}

/**
 * Duplicate Protection: every batch's memory key, or a refusal of the whole run when a campaign was
 * sent before (it names the earlier ID; for a split sent in part, every part) or would be sent twice
 * in this run. Nothing has been sent yet.
 */
function keyEveryBatch(memory: CampaignMemoryStore, plans: PlannedCampaigns[]): Map<CampaignBatch, string> {
	const keys = new Map<CampaignBatch, string>();
	const firstItemOf = new Map<string, number>();
	for (const { plan, itemIndex } of plans) {
		const batchKeys = plan.batches.map((batch) => memory.keyOf(batch.body));
		const earlier = batchKeys.map((key) => memory.find(key));
		const sent = earlier.findIndex((entry) => entry !== undefined);
		if (sent >= 0) {
			// A split not known to be created whole: the refusal names every part, and how to reach those not created.
			const whole = plan.batches.length === 1 || earlier.every((entry) => entry?.id !== undefined);
			const refusal = whole ? alreadyCreatedError(plan.batches[sent].body.campaign.name ?? '', earlier[sent] as RememberedCampaign) : partlySentError(plan, earlier);
			throw atItem(refusal, itemIndex);
		}
		plan.batches.forEach((batch, index) => {
			const key = batchKeys[index];
			const first = firstItemOf.get(key);
			if (first !== undefined) throw atItem(repeatedInRunError(batch.body.campaign.name ?? '', first), itemIndex);
			firstItemOf.set(key, itemIndex);
			keys.set(batch, key);
		});
	}
	return keys;
}

/** A campaign may call the contacts of many items: its output is paired with all of them, as a list. */
export const pairsSeveralItems = true;

/**
 * Dry Run, skipped phones, empty values, duplicates and splits, read from the outputs `deliver` made
 * and, for a create that failed under Continue On Fail, from what it was planned to be.
 */
export function hints(outputs: IDataObject[], failed: IDataObject[]): CampaignHint[] {
	return campaignHints(outputs as unknown as CampaignOutcome[], failed as unknown as CampaignOutcome[]);
}

/**
 * Plans every campaign from every item and applies the guard rails to the whole run; each batch
 * becomes one unit of work, sent by one CampaignRun.
 */
export function prepare(this: IExecuteFunctions, items: INodeExecutionData[]): WorkUnit[] {
	const guards = readGuardRails(this, items.length);
	let mode: RecipientsMode;
	try {
		mode = readParameter(this, 'recipientsMode', 0, RECIPIENTS_MODE);
		checkSameOptions(this, items.length, OPTION_LABELS);
	} catch (error) {
		throw ofTheRun(error);
	}
	const planned = mode === 'perItem' ? planEachItem(this, items, guards) : planGroups(this, items, mode === 'grouped', guards);
	const plans = planned.filter((entry): entry is PlannedCampaigns => 'plan' in entry);
	refuseEmptyForEveryContact(this, plans, mode === 'perItem');
	try {
		const recipients = plans.reduce((sum, { plan }) => sum + plan.recipientCount, 0);
		checkRecipientTotal(recipients, guards.maxRecipients, plans.reduce((sum, { plan }) => sum + plan.batches.length, 0));
	} catch (error) {
		throw ofTheRun(error);
	}
	const memory = guards.duplicateProtection ? new CampaignMemoryStore(this) : undefined;
	const keys = memory ? keyEveryBatch(memory, plans) : undefined;
	const run = new CampaignRun(this, memory);
	return planned.flatMap((entry): WorkUnit[] => {
		if (!('plan' in entry)) return [entry];
		return entry.plan.batches.map((batch) => {
			const itemIndexes = mode === 'perItem' ? [entry.itemIndex] : batch.itemIndexes;
			return {
				itemIndexes,
				planned: summaryJson(entry.plan, batch, entry.config.settings),
				run: async () => await run.deliver(entry, batch, itemIndexes, keys?.get(batch)),
			};
		});
	});
}
