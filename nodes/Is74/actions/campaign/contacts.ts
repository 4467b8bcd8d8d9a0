/** The contacts of each campaign, and the scenario data each one gets, from the items. */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { FIELD } from '../../domain/campaignSettings';
import { checkScenarioKey, emptyParameterRefusal, scenarioDataFromObject, scenarioDataFromPairs, type ContactData, type ScenarioContact, type ScenarioPair } from '../../domain/scenarioData';
import { type CampaignPlan, type RecipientInput } from '../../domain/campaignPlan';
import { Is74InputError } from '../../domain/inputError';
import { isOnePhone, phoneListEntries } from '../../domain/phoneList';
import { isExpression } from '../../domain/settingValue';
import { parseJson } from '../../domain/text';
import { itemReader, type ItemReader, type PairsReader } from '../../helpers/itemParameter';
import { atItem, ofTheRun } from '../../helpers/nodeErrors';
import type { ItemConfig } from './config';

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
 * or a list object) and `exclude` what it leaves out; `pairs` are the item's Define Below rows (read
 * once per item, see pairsOfItem).
 */
function scenarioDataFor(
	ctx: IExecuteFunctions,
	itemIndex: number,
	config: ItemConfig,
	source: IDataObject,
	exclude: Set<string>,
	contact: ScenarioContact,
	pairs: ScenarioPair[] | undefined,
): ContactData {
	const refuseAny = config.options.emptyValues === 'refuseAny';
	switch (config.dataMode) {
		case 'none':
			return { data: {} };
		case 'allFields':
			return scenarioDataFromObject(withoutFields(source, exclude), contact, refuseAny, 'allFields', true);
		case 'json': {
			let value: unknown = ctx.getNodeParameter('scenarioJson', itemIndex);
			// Only the field emptied by hand means {}: an expression giving '' is refused like null.
			if (typeof value === 'string' && !(value === '' && isExpression(ctx.getNode().parameters.scenarioJson))) {
				const parsed = parseJson(value === '' ? '{}' : value);
				if (!parsed.ok) {
					throw new Is74InputError(FIELD.scenarioData, value, `is not valid JSON (${parsed.reason})`, 'Write a JSON object such as {"name": "Ivan"}.');
				}
				value = parsed.value;
			}
			return scenarioDataFromObject(value, contact, refuseAny, 'json');
		}
		default:
			return scenarioDataFromPairs(pairs ?? [], contact, refuseAny);
	}
}

/** The Define Below rows of one item, read once for all its contacts; only Define Below reads them. */
function pairsOfItem(config: ItemConfig, readPairs: PairsReader, itemIndex: number, item: INodeExecutionData): ScenarioPair[] | undefined {
	return config.dataMode === 'none' || config.dataMode === 'allFields' || config.dataMode === 'json' ? undefined : (readPairs(itemIndex, item) as ScenarioPair[]);
}

/**
 * The contacts of One Campaign for All Items / per Group, built once, in item order: one per item in
 * `itemIndexes`, or one per phone of a list the item gives. The planner gets them as they are.
 */
export function contactsOfItems(
	ctx: IExecuteFunctions,
	items: INodeExecutionData[],
	itemIndexes: number[],
	config: ItemConfig,
	readPhone: ItemReader,
	readPairs: PairsReader,
): RecipientInput[] {
	const contacts: RecipientInput[] = [];
	for (const itemIndex of itemIndexes) {
		const item = items[itemIndex];
		const value = readPhone(itemIndex, item);
		try {
			// A list (text or array) adds each of its phones; nothing at all stays one empty phone, refused as such.
			const entries = isOnePhone(value) ? undefined : phoneListEntries(value, FIELD.phone);
			// The Define Below rows depend on the item only: read them once for all its phones.
			const pairs = pairsOfItem(config, readPairs, itemIndex, item);
			if (entries === undefined || entries.length <= 1) {
				const phone = entries === undefined || entries.length === 0 ? value : entries[0];
				contacts.push(contactOf(itemIndex, undefined, phone, scenarioDataFor(ctx, itemIndex, config, item.json, config.exclude, { listIndex: undefined, phone, record: item.json }, pairs)));
				continue;
			}
			for (let listIndex = 0; listIndex < entries.length; listIndex++) {
				const phone = entries[listIndex];
				contacts.push(contactOf(itemIndex, listIndex, phone, scenarioDataFor(ctx, itemIndex, config, item.json, config.exclude, { listIndex, phone, record: item.json }, pairs)));
			}
		} catch (error) {
			throw atItem(error, itemIndex);
		}
	}
	return contacts;
}

/** One contact: always the same shape, so the planner's loop stays monomorphic. */
function contactOf(itemIndex: number, listIndex: number | undefined, phone: unknown, { data, refusal }: ContactData): RecipientInput {
	return { itemIndex, listIndex, phone, data, refusal };
}

/** The contacts of item `itemIndex`'s own campaign, from its phone list, built once. */
export function contactsOfList(
	ctx: IExecuteFunctions,
	item: INodeExecutionData,
	itemIndex: number,
	config: ItemConfig,
	readPairs: PairsReader,
): RecipientInput[] {
	// Read like the campaign settings: `$('Settings').first()…` must not come out empty on n8n 1.123.
	const list = itemReader(ctx, 'phoneList')(itemIndex, item);
	const phoneKey = String(itemReader(ctx, 'listPhoneKey', 'phone')(itemIndex, item) || 'phone');
	const entries = phoneListEntries(list, FIELD.phoneList);
	// All Fields sends a list object's own fields, less its phone and the fields left out.
	const entryExclude = new Set([...config.exclude, phoneKey]);
	// The Define Below rows depend on the item only: read them once for its whole list.
	const pairs = entries.length === 0 ? undefined : pairsOfItem(config, readPairs, itemIndex, item);
	return entries.map((entry: unknown, listIndex) => {
		if (typeof entry === 'object' && entry !== null && !Array.isArray(entry)) {
			const record = entry as IDataObject;
			const phone = record[phoneKey];
			return contactOf(itemIndex, listIndex, phone, scenarioDataFor(ctx, itemIndex, config, record, entryExclude, { listIndex, phone, record }, pairs));
		}
		return contactOf(itemIndex, listIndex, entry, scenarioDataFor(ctx, itemIndex, config, item.json, config.exclude, { listIndex, phone: entry, record: undefined }, pairs));
	});
}

/**
 * The default rule of Options → Empty Scenario Values, over the whole run: a Define Below parameter
 * empty for every contact called is the mapping mistake (an expression reading a field the items
 * don't have), refused before anything is sent. The whole run, not each campaign: the mistake is in
 * the node's configuration, so it reads nothing for every campaign alike, while a small campaign of
 * One Campaign per Item (one person, say) with a blank optional field is ordinary data.
 * `listEntries`: the contacts are list entries (One Campaign per Item).
 */
export function refuseEmptyForEveryContact(ctx: IExecuteFunctions, plans: Array<{ plan: CampaignPlan; config: ItemConfig }>, listEntries: boolean): void {
	const checked = plans.filter(({ config }) => config.dataMode === 'fields' && config.options.emptyValues === 'refuseEmptyForAll');
	let contacts = 0;
	const empty = new Map<string, number>();
	for (const { plan } of checked) {
		contacts += plan.recipientCount;
		for (const batch of plan.batches) {
			for (const [key, count] of Object.entries(batch.emptyValues)) empty.set(key, (empty.get(key) ?? 0) + count);
		}
	}
	for (const [key, count] of empty) {
		if (count < contacts) continue;
		// The row as configured, expression unevaluated, shows the person what read nothing.
		const rows = (ctx.getNode().parameters.scenarioFields as { values?: unknown } | undefined)?.values;
		const row = Array.isArray(rows) ? (rows as ScenarioPair[]).find((entry) => String(entry?.key ?? '').trim() === key) : undefined;
		throw ofTheRun(emptyParameterRefusal(key, contacts, row, listEntries));
	}
}
