/**
 * What the items of a Create configure: options, the campaign settings (grouped, or checked equal
 * across items) and the request settings, read and checked before anything is sent.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { DateTime } from 'luxon';

import { FIELD, differsBetweenItems, parseCampaignSettings, settingsDifference, type CampaignSettings, type CampaignSettingsInput } from '../../domain/campaignSettings';
import { parseEmptyValuesRule, type EmptyValuesRule } from '../../domain/scenarioData';
import { type RecipientPolicy } from '../../domain/campaignPlan';
import { givenOptions, readSetting, wholeNumberRule, type Given } from '../../domain/settingValue';
import { commaList } from '../../domain/text';
import { DEFAULT_TIMEOUT_SECONDS, requestSettingsFrom } from '../../descriptions/requestOptions';
import type { RequestSettings } from '../../transport/context';
import { itemReader, readsNoItem } from '../../helpers/itemParameter';
import { atItem } from '../../helpers/nodeErrors';

export interface CreateOptions {
	/** Replaced by `emptyValues`; still read in saved workflows (true means Allow All). */
	allowEmptyValues?: unknown;
	emptyValues?: unknown;
	dryRun?: boolean;
	maxRecipientsPerCampaign?: number | string;
	maxRetries?: number;
	normalizePhones?: boolean;
	invalidPhones?: 'error' | 'skip';
	removeDuplicates?: boolean;
	timeoutSeconds?: number;
}

export const MAX_RECIPIENTS_LIMIT = 1_000_000;

const MAX_PER_CAMPAIGN = wholeNumberRule({ field: `Options → ${FIELD.maxPerCampaign}`, min: 0, max: MAX_RECIPIENTS_LIMIT, untouched: 0, zeroMeans: 'no limit' });

export function recipientPolicy(config: Pick<ItemConfig, 'options' | 'maxPerCampaign'>, allowedPrefixes: readonly string[] = []): RecipientPolicy {
	const { options } = config;
	return {
		normalizePhones: options.normalizePhones ?? true,
		removeDuplicates: options.removeDuplicates ?? true,
		invalidPhones: options.invalidPhones ?? 'error',
		maxPerCampaign: config.maxPerCampaign,
		allowedPrefixes,
	};
}

/** How each option of item `itemIndex` was given (domain/settingValue.ts), and their values. */
function readOptions(ctx: IExecuteFunctions, itemIndex: number): { given: (key: string) => Given; options: CreateOptions } {
	const resolved = ctx.getNodeParameter('options', itemIndex, {});
	const given = givenOptions(ctx.getNode().parameters.options, resolved, 'Options');
	return { given, options: resolved as CreateOptions };
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

export function settingsContext(ctx: IExecuteFunctions): { zone: string; today: string } {
	const zone = ctx.getTimezone();
	return { zone, today: DateTime.now().setZone(zone).toISODate() as string };
}

function readSettings(ctx: IExecuteFunctions, itemIndex: number): CampaignSettings {
	const input = {} as Record<keyof CampaignSettingsInput, unknown>;
	const item = ctx.getInputData()[itemIndex];
	for (const { key, name, fallback } of SETTING_PARAMETERS) input[key] = itemReader(ctx, name, fallback)(itemIndex, item);
	return parseCampaignSettings(input, settingsContext(ctx));
}

/** The items that share one campaign, and its settings. */
export interface ItemGroup {
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
export function groupItems(ctx: IExecuteFunctions, items: INodeExecutionData[], fixed: CampaignSettings, grouping: boolean): ItemGroup[] {
	const parameters = ctx.getNode().parameters;
	if (SETTING_PARAMETERS.every(({ name }) => readsNoItem(parameters[name]))) {
		return [{ settings: fixed, itemIndexes: items.map((_, index) => index) }];
	}
	const readers = SETTING_PARAMETERS.map(({ key, name, fallback }) => ({ key, read: itemReader(ctx, name, fallback) }));
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
			throw atItem(error, itemIndex);
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
export function checkRunParameters(ctx: IExecuteFunctions, itemCount: number, dataMode: string): void {
	const shared = [
		{ name: 'scenarioDataMode', label: 'Scenario Data', fallback: 'fields' },
		...(dataMode === 'allFields' ? [{ name: 'excludeFields', label: 'Fields to Leave Out', fallback: '' }] : []),
	];
	checkSameForAllItems(ctx, itemCount, shared, (label) => `${label} apply to the whole run and are read from item 0: make them the same for every item, or choose Recipients → "One Campaign per Item".`);
}

/**
 * Options apply to the whole run in every mode (one run must not both propose and create): an
 * option an expression gives another item differently is refused, named by its `labels` entry.
 */
export function checkSameOptions(ctx: IExecuteFunctions, itemCount: number, labels: Record<string, string>): void {
	if (readsNoItem(ctx.getNode().parameters.options)) return;
	const first = ctx.getNodeParameter('options', 0, {}) as Record<string, unknown>;
	for (let itemIndex = 1; itemIndex < itemCount; itemIndex++) {
		const other = ctx.getNodeParameter('options', itemIndex, {}) as Record<string, unknown>;
		const keys = new Set([...Object.keys(first ?? {}), ...Object.keys(other ?? {})]);
		for (const key of keys) {
			if (JSON.stringify(first?.[key]) === JSON.stringify(other?.[key])) continue;
			throw differsBetweenItems(
				`Options → ${labels[key] ?? key}`,
				first?.[key],
				other?.[key],
				itemIndex,
				'Options apply to the whole run and are read from item 0: make them the same for every item (run the items that differ in another execution).',
			);
		}
	}
}

/** Refuses a run-wide parameter an expression gives different values for different items. */
export function checkSameForAllItems(
	ctx: IExecuteFunctions,
	itemCount: number,
	parameters: Array<{ name: string; label: string; fallback: unknown }>,
	hint: string | ((label: string) => string),
): void {
	for (const { name, label, fallback } of parameters) {
		if (readsNoItem(ctx.getNode().parameters[name])) continue;
		const first = ctx.getNodeParameter(name, 0, fallback);
		const firstText = JSON.stringify(first);
		for (let itemIndex = 1; itemIndex < itemCount; itemIndex++) {
			const value = ctx.getNodeParameter(name, itemIndex, fallback);
			if (JSON.stringify(value) !== firstText) {
				throw differsBetweenItems(label, first, value, itemIndex, typeof hint === 'string' ? hint : hint(label));
			}
		}
	}
}

/** What one item configures: read once, used to plan and then to send. */
export interface ItemConfig {
	options: CreateOptions;
	/** Options → Max Recipients per Campaign, checked: 0 means no split. */
	maxPerCampaign: number;
	dataMode: string;
	exclude: Set<string>;
	settings: CampaignSettings;
	/** Options → Empty Scenario Values, checked. */
	emptyValues: EmptyValuesRule;
	/** Timeout and retries, checked with the rest before anything is sent. */
	requestSettings: RequestSettings;
}

export function readItemConfig(ctx: IExecuteFunctions, itemIndex: number): ItemConfig {
	const dataMode = ctx.getNodeParameter('scenarioDataMode', itemIndex) as string;
	const { given, options } = readOptions(ctx, itemIndex);
	return {
		options,
		dataMode,
		maxPerCampaign: readSetting(given('maxRecipientsPerCampaign'), MAX_PER_CAMPAIGN),
		exclude: new Set(commaList(dataMode === 'allFields' ? ctx.getNodeParameter('excludeFields', itemIndex, '') : '')),
		settings: readSettings(ctx, itemIndex),
		emptyValues: parseEmptyValuesRule(options),
		requestSettings: requestSettingsFrom(given, DEFAULT_TIMEOUT_SECONDS.create, 'Max Rate-Limit Retries'),
	};
}
