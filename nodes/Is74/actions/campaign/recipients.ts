/** The contacts of each campaign, and the scenario data each one gets, from the items. */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import {
	FIELD,
	checkScenarioKey,
	emptyParameterRefusal,
	scenarioDataFromObject,
	scenarioDataFromPairs,
	type CampaignPlan,
	type ContactData,
	type RecipientInput,
	type ScenarioContact,
	type ScenarioPair,
} from '../../helpers/campaignPayload';
import { Is74InputError } from '../../helpers/inputError';
import { phoneListEntries } from '../../helpers/phoneList';
import { isExpression } from '../../helpers/settingValue';
import { parseJson } from '../../helpers/text';
import { itemReader, type ItemReader, type PairsReader } from '../itemParameter';
import { toNodeError } from '../nodeErrors';
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
			return scenarioDataFromPairs(pairsOf(), contact, refuseAny);
	}
}

/** Recipients of one campaign of One Campaign for All Items / per Group: one per item in `itemIndexes`. */
export function* recipientsFromItems(
	ctx: IExecuteFunctions,
	items: INodeExecutionData[],
	itemIndexes: number[],
	config: ItemConfig,
	readPhone: ItemReader,
	readPairs: PairsReader,
): Generator<RecipientInput> {
	for (const itemIndex of itemIndexes) {
		const item = items[itemIndex];
		const value = readPhone(itemIndex, item);
		const recipients: RecipientInput[] = [];
		try {
			// A list (text or array) adds each of its phones; nothing at all stays one empty phone, refused as such.
			const entries = phoneListEntries(value, FIELD.phone);
			const phones = entries.length === 0 ? [value] : entries;
			// The Define Below rows depend on the item only: read them once for all its phones.
			let pairs: ScenarioPair[] | undefined;
			const pairsOf = (): ScenarioPair[] => (pairs ??= readPairs(itemIndex, item) as ScenarioPair[]);
			for (let index = 0; index < phones.length; index++) {
				const listIndex = phones.length === 1 ? undefined : index;
				const phone = phones[index];
				recipients.push({ itemIndex, listIndex, phone, ...scenarioDataFor(ctx, itemIndex, config, item.json, config.exclude, { listIndex, phone, record: item.json }, pairsOf) });
			}
		} catch (error) {
			throw toNodeError(ctx, error, itemIndex);
		}
		yield* recipients;
	}
}

/** Recipients of item `itemIndex`'s own campaign, from its phone list. */
export function recipientsFromList(
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
		throw toNodeError(ctx, emptyParameterRefusal(key, contacts, row, listEntries));
	}
}
