/**
 * What the items of a Create configure: options, the campaign settings (grouped, or checked equal
 * across items) and the request settings, read and checked before anything is sent.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { DateTime } from 'luxon';

import { FIELD, differsBetweenItems, parseCampaignSettings, settingsDifference, type CampaignSettings, type CampaignSettingsInput, type SettingsContext } from '../../domain/campaignSettings';
import { readEmptyValuesRule, type EmptyValuesRule } from '../../domain/scenarioData';
import { type RecipientPolicy } from '../../domain/campaignPlan';
import { Is74InputError } from '../../domain/inputError';
import { booleanRule, choiceRule, givenOptions, givenParameter, readSetting, refuseEmptyCollection, wholeNumberRule, type SettingRule } from '../../domain/settingValue';
import { commaList } from '../../domain/text';
import { DEFAULT_TIMEOUT_SECONDS, requestSettingsFrom } from '../../descriptions/requestOptions';
import type { RequestSettings } from '../../transport/context';
import { itemReader, readsNoItem } from '../../helpers/itemParameter';
import { atItem, runsAsTool } from '../../helpers/nodeErrors';

export const MAX_RECIPIENTS_LIMIT = 1_000_000;

/** The choices of Recipients, Scenario Data and Options → On Invalid Phone, as the editor lists them. */
export const RECIPIENTS_CHOICES = [
	{ name: 'One Campaign for All Items', value: 'allItems' },
	{ name: 'One Campaign per Group of Items', value: 'grouped' },
	{ name: 'One Campaign per Item', value: 'perItem' },
] as const;
export const SCENARIO_DATA_CHOICES = [
	{ name: 'Define Below', value: 'fields' },
	{ name: 'All Fields of the Item', value: 'allFields' },
	{ name: 'JSON Object', value: 'json' },
	{ name: 'None', value: 'none' },
] as const;
export const INVALID_PHONE_CHOICES = [
	{ name: 'Stop With an Error', value: 'error' },
	{ name: 'Skip and Report', value: 'skip' },
] as const;

type ChoiceOf<T extends ReadonlyArray<{ value: string }>> = T[number]['value'];
export type RecipientsMode = ChoiceOf<typeof RECIPIENTS_CHOICES>;
export type ScenarioDataMode = ChoiceOf<typeof SCENARIO_DATA_CHOICES>;

/**
 * How every Campaign option is read (domain/settingValue.ts): never added in the editor, its default;
 * typed or from an expression, valid or the run is refused before anything is sent.
 */
const OPTION_RULES = {
	dryRun: booleanRule({ field: 'Options → Dry Run', untouched: false, emptyNote: ' A Dry Run that gives nothing is never read as "create for real".' }),
	normalizePhones: booleanRule({ field: 'Options → Normalize Phones', untouched: true }),
	removeDuplicates: booleanRule({ field: 'Options → Remove Duplicate Phones', untouched: true }),
	invalidPhones: choiceRule<ChoiceOf<typeof INVALID_PHONE_CHOICES>>({ field: 'Options → On Invalid Phone', untouched: 'error', choices: INVALID_PHONE_CHOICES }),
	maxPerCampaign: wholeNumberRule({ field: `Options → ${FIELD.maxPerCampaign}`, min: 0, max: MAX_RECIPIENTS_LIMIT, untouched: 0, zeroMeans: 'no limit' }),
};

export const RECIPIENTS_MODE = choiceRule<RecipientsMode>({ field: 'Recipients', untouched: 'allItems', choices: RECIPIENTS_CHOICES });
const SCENARIO_DATA_MODE = choiceRule<ScenarioDataMode>({ field: 'Scenario Data', untouched: 'fields', choices: SCENARIO_DATA_CHOICES });

const LEAVE_NOTHING_OUT = 'To leave no field out, clear the field completely (an empty field, not an expression).';

/** Fields to Leave Out: names, or nothing only when the field was emptied by hand. */
const LEAVE_OUT: SettingRule<string[]> = {
	field: 'Fields to Leave Out',
	untouched: [],
	typedEmpty: [],
	parse: (value) => {
		if (typeof value !== 'string' && !Array.isArray(value)) {
			throw new Is74InputError('Fields to Leave Out', value, 'must be text', 'Write field names separated by commas, for example "phone, id".');
		}
		const names = commaList(value);
		if (names.length === 0) throw new Is74InputError('Fields to Leave Out', value, 'holds only separators, no field name', `Write field names such as "phone". ${LEAVE_NOTHING_OUT}`);
		return names;
	},
	emptyHint: `Make it give field names separated by commas, such as "phone", or type them. ${LEAVE_NOTHING_OUT}`,
};

/** The Options of one item, each checked. */
export interface CampaignOptions {
	dryRun: boolean;
	normalizePhones: boolean;
	removeDuplicates: boolean;
	invalidPhones: ChoiceOf<typeof INVALID_PHONE_CHOICES>;
	/** Max Recipients per Campaign: 0 means no split. */
	maxPerCampaign: number;
	emptyValues: EmptyValuesRule;
	/** Timeout and retries. */
	requestSettings: RequestSettings;
}

export function recipientPolicy(config: Pick<ItemConfig, 'options'>, allowedPrefixes: readonly string[] = []): RecipientPolicy {
	const { options } = config;
	return {
		normalizePhones: options.normalizePhones,
		removeDuplicates: options.removeDuplicates,
		invalidPhones: options.invalidPhones,
		maxPerCampaign: options.maxPerCampaign,
		allowedPrefixes,
	};
}

/**
 * Options holding nothing: its default holds Dry Run (off), so this is not the editor's choice but
 * what n8n leaves of Options given as one expression (or of a workflow saved with every option removed).
 */
const OPTIONS_HOLD_NOTHING_HINT =
	'n8n drops Options given as one expression (as an imported or API-made workflow may give them), so none could be read. Add each option with its own value or expression; to keep every default, leave Dry Run off in Options.';

/** The Options of item `itemIndex`, each read by the rule of domain/settingValue.ts. */
function readOptions(ctx: IExecuteFunctions, itemIndex: number): CampaignOptions {
	const raw = ctx.getNode().parameters.options;
	refuseEmptyCollection(raw, 'Options', 'holds no option', OPTIONS_HOLD_NOTHING_HINT);
	const given = givenOptions(raw, ctx.getNodeParameter('options', itemIndex, {}), 'Options');
	return {
		dryRun: readSetting(given('dryRun'), OPTION_RULES.dryRun),
		normalizePhones: readSetting(given('normalizePhones'), OPTION_RULES.normalizePhones),
		removeDuplicates: readSetting(given('removeDuplicates'), OPTION_RULES.removeDuplicates),
		invalidPhones: readSetting(given('invalidPhones'), OPTION_RULES.invalidPhones),
		maxPerCampaign: readSetting(given('maxRecipientsPerCampaign'), OPTION_RULES.maxPerCampaign),
		emptyValues: readEmptyValuesRule(given),
		requestSettings: requestSettingsFrom(given, DEFAULT_TIMEOUT_SECONDS.create, 'Max Rate-Limit Retries'),
	};
}

/** A parameter outside Options (Recipients, Scenario Data, Fields to Leave Out), read by the same rule. */
export function readParameter<T>(ctx: IExecuteFunctions, name: string, itemIndex: number, rule: SettingRule<T>): T {
	const raw = ctx.getNode().parameters[name];
	return readSetting(givenParameter(raw, raw === undefined ? undefined : ctx.getNodeParameter(name, itemIndex)), rule);
}

/**
 * Define Below with no parameter at all: n8n drops Scenario Parameters given as one expression, and
 * every contact would be called with no scenario data. No data is chosen as Scenario Data → None.
 */
function checkSomeScenarioParameter(raw: unknown): void {
	const rows = typeof raw === 'object' && raw !== null ? (raw as { values?: unknown }).values : undefined;
	if (Array.isArray(rows) && rows.length > 0) return;
	throw new Is74InputError(
		'Scenario Data → Define Below',
		raw,
		'holds no scenario parameter',
		'n8n drops Scenario Parameters given as one expression (as an imported or API-made workflow may give them), so none could be read. Add each parameter with its own name and value; to send no per-contact data, choose Scenario Data → None.',
	);
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

export function settingsContext(ctx: IExecuteFunctions): SettingsContext {
	const zone = ctx.getTimezone();
	return { zone, today: DateTime.now().setZone(zone).toISODate() as string, toolUse: runsAsTool(ctx) };
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
	options: CampaignOptions;
	dataMode: ScenarioDataMode;
	exclude: Set<string>;
	settings: CampaignSettings;
}

export function readItemConfig(ctx: IExecuteFunctions, itemIndex: number): ItemConfig {
	const dataMode = readParameter(ctx, 'scenarioDataMode', itemIndex, SCENARIO_DATA_MODE);
	if (dataMode === 'fields') checkSomeScenarioParameter(ctx.getNode().parameters.scenarioFields);
	return {
		options: readOptions(ctx, itemIndex),
		dataMode,
		exclude: new Set(dataMode === 'allFields' ? readParameter(ctx, 'excludeFields', itemIndex, LEAVE_OUT) : []),
		settings: readSettings(ctx, itemIndex),
	};
}
