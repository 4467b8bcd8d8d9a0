/**
 * The campaign plan: the contacts, checked (phones, allowed prefixes, duplicates), split into
 * campaigns and turned into the exact `POST /api/campaigns` bodies, all before anything is sent.
 * Pure module: no n8n imports, so it is unit-tested without n8n and reused by the benchmark.
 */
import { CAMPAIGN_STATE_CREATED, campaignRequestSchema, describeIssues, type CampaignRequestBody } from './apiContract';
import { FIELD, type CampaignSettings } from './campaignSettings';
import { allowedPrefixesHint, prefixRefusal } from './guardRails';
import { Is74InputError } from './inputError';
import { checkRawPhone, isNormalRussianPhone, normalizePhone } from './phone';
import { PHONE_LIST_HINT } from './phoneList';
import { countEmptyValues, type ScenarioData } from './scenarioData';

export interface RecipientInput {
	itemIndex: number;
	/** Position in the item's recipient list (per-item mode only). */
	listIndex?: number;
	phone: unknown;
	data: ScenarioData;
	/**
	 * A problem with the data that stops the run only if this recipient is sent: a contact whose phone
	 * is skipped as invalid, or removed as a duplicate, is never called, so its data does not matter.
	 */
	refusal?: Is74InputError;
}

export interface RecipientPolicy {
	normalizePhones: boolean;
	removeDuplicates: boolean;
	invalidPhones: 'error' | 'skip';
	/** 0 means no limit. */
	maxPerCampaign: number;
	/** Guard Rails → Allowed Phone Prefixes, checked on the normalized number; empty or missing allows every number. */
	allowedPrefixes?: readonly string[];
}

export interface RejectedPhone {
	itemIndex: number;
	listIndex?: number;
	value: unknown;
	reason: string;
}

export interface DuplicatePhone {
	itemIndex: number;
	listIndex?: number;
	phone: string;
	firstItemIndex: number;
}

/** Distinct, ascending item indexes of accepted[start, end) plus `extra` (already ascending input). */
function batchItems(acceptedItems: number[], start: number, end: number, extra: number[]): number[] {
	const out: number[] = [];
	let previous = -1;
	const push = (index: number): void => {
		if (index !== previous) out.push(index);
		previous = index;
	};
	if (extra.length === 0) {
		for (let position = start; position < end; position++) push(acceptedItems[position]);
		return out;
	}
	const merged = [...acceptedItems.slice(start, end), ...extra].sort((a, b) => a - b);
	for (const index of merged) push(index);
	return out;
}

export interface CampaignBatch {
	body: CampaignRequestBody;
	/** How many of this campaign's contacts have each scenario key empty (sent as empty text). */
	emptyValues: Record<string, number>;
	/** Input items whose recipients are in this batch (plus, on batch 1, those reported). */
	itemIndexes: number[];
	batchNumber: number;
	batchCount: number;
}

export interface CampaignPlan {
	batches: CampaignBatch[];
	rejected: RejectedPhone[];
	duplicates: DuplicatePhone[];
	recipientCount: number;
}

/** Text that holds more than one "+" or 20 digits is probably several phones: say how a list is given. */
function invalidPhoneHint(value: unknown): string {
	const fix = 'Fix the number in the source data, or set Options → On Invalid Phone to "Skip and Report".';
	const severalPhones = typeof value === 'string' && ((value.match(/\+/g)?.length ?? 0) > 1 || value.replace(/\D/g, '').length >= 20);
	return severalPhones ? `${fix} ${PHONE_LIST_HINT}` : fix;
}

/**
 * Checks every recipient, removes duplicates (the first wins) and splits the list into campaigns of
 * at most `maxPerCampaign` numbers, named "Name (1/3)", "Name (2/3)"… Throws before returning
 * anything if a phone is invalid (unless skipped) or no recipient is left.
 */
export function planCampaigns(
	settings: CampaignSettings,
	recipients: readonly RecipientInput[],
	policy: RecipientPolicy,
): CampaignPlan {
	const normalize = policy.normalizePhones;
	const check = normalize ? normalizePhone : checkRawPhone;
	// The phones kept so far: one hash operation per phone (the size tells whether it was new).
	const seen = new Set<string>();
	const rejected: RejectedPhone[] = [];
	const duplicates: DuplicatePhone[] = [];
	// Parallel arrays: the exact API entries, and the item each came from (ascending).
	const accepted: CampaignRequestBody['phones'] = [];
	const acceptedItems: number[] = [];
	const total = recipients.length;
	// Which item gave each kept phone first, indexed only once a duplicate turns up.
	const firstItems = new Map<string, number>();
	const firstItemOf = (phone: string): number => {
		for (let position = firstItems.size; position < accepted.length; position++) firstItems.set(accepted[position].phone, acceptedItems[position]);
		return firstItems.get(phone) as number;
	};

	const allowed = policy.allowedPrefixes ?? [];
	for (let index = 0; index < total; index++) {
		const recipient = recipients[index];
		const raw = recipient.phone;
		// A number already in its normal form needs no check result built for it.
		const result = normalize && isNormalRussianPhone(raw) ? undefined : check(raw);
		const phone = result === undefined ? (raw as string) : result.ok ? result.value : undefined;
		const refusal = phone === undefined || allowed.length === 0 ? undefined : prefixRefusal(phone, allowed);
		if (phone === undefined || refusal !== undefined) {
			const reason = phone === undefined ? (result as { reason: string }).reason : `"${phone}" ${refusal}`;
			if (policy.invalidPhones === 'error') {
				const where = recipient.listIndex === undefined ? FIELD.phone : `${FIELD.phone} [${recipient.listIndex}]`;
				throw new Is74InputError(where, raw, reason, phone === undefined ? invalidPhoneHint(raw) : allowedPrefixesHint(allowed), recipient.itemIndex);
			}
			rejected.push({ itemIndex: recipient.itemIndex, listIndex: recipient.listIndex, value: raw, reason });
			continue;
		}
		if (policy.removeDuplicates) {
			const before = seen.size;
			seen.add(phone);
			if (seen.size === before) {
				duplicates.push({ itemIndex: recipient.itemIndex, listIndex: recipient.listIndex, phone, firstItemIndex: firstItemOf(phone) });
				continue;
			}
		}
		if (recipient.refusal) throw recipient.refusal.atItem(recipient.itemIndex);
		accepted.push({ phone, add_data: recipient.data });
		acceptedItems.push(recipient.itemIndex);
	}

	if (accepted.length === 0) {
		const problem =
			total === 0
				? 'the recipient list is empty'
				: `none of the ${total} phone numbers is valid (first problem: ${rejected[0]?.reason})`;
		throw new Is74InputError(
			FIELD.recipients,
			total === 0 ? [] : rejected[0]?.value,
			problem,
			'Check that the Phone expression points at the field that holds the numbers.',
			total === 0 ? undefined : rejected[0]?.itemIndex,
		);
	}

	const size = policy.maxPerCampaign > 0 ? policy.maxPerCampaign : accepted.length;
	const batchCount = Math.ceil(accepted.length / size);
	const campaign = {
		project_id: settings.projectId,
		name: settings.name,
		description: settings.description,
		start_block_id: settings.startBlockId,
		schedule: settings.schedule,
		state: CAMPAIGN_STATE_CREATED,
		phone_id: settings.phoneId,
	} as const;
	const header = campaignRequestSchema.shape.campaign.safeParse(campaign);
	if (!header.success) {
		// Settings were parsed above; this guards the contract itself against drift.
		throw new Is74InputError('campaign', campaign, describeIssues(header.error).join('; '), 'Check the campaign settings.');
	}

	const reported = [...rejected, ...duplicates].map((entry) => entry.itemIndex);
	const batches: CampaignBatch[] = [];
	for (let batchIndex = 0; batchIndex < batchCount; batchIndex++) {
		const start = batchIndex * size;
		const end = Math.min(accepted.length, start + size);
		const phones = batchCount === 1 ? accepted : accepted.slice(start, end);
		batches.push({
			body: {
				campaign: {
					...campaign,
					name: batchCount > 1 ? `${settings.name} (${batchIndex + 1}/${batchCount})` : settings.name,
				},
				phones,
			},
			emptyValues: countEmptyValues(phones),
			itemIndexes: batchItems(acceptedItems, start, end, batchIndex === 0 ? reported : []),
			batchNumber: batchIndex + 1,
			batchCount,
		});
	}
	return { batches, rejected, duplicates, recipientCount: accepted.length };
}

/** What became of one part of a split, as errors tell it. */
export interface SplitPart {
	/** yes: created; maybe: may exist; no: provably not created, or never sent; later: sent after the error that tells it. */
	exists: 'yes' | 'maybe' | 'no' | 'later';
	/** Shown after the part's name: "ID 1001, created", "not created (this error)"… */
	state: string;
}

/** The contacts of one part of a split: how many, where in the list (a long part), and their phones (a long part: first and last). */
function partContacts(plan: CampaignPlan, batch: CampaignBatch): string {
	const phones = batch.body.phones.map((entry) => entry.phone);
	if (phones.length <= 3) return `${phones.length === 1 ? '1 contact' : `${phones.length} contacts`}: ${phones.join(', ')}`;
	const start = plan.batches.slice(0, batch.batchNumber - 1).reduce((sum, earlier) => sum + earlier.body.phones.length, 0);
	return `${phones.length} contacts, numbers ${start + 1} to ${start + phones.length} of the ${plan.recipientCount} kept from the list: ${phones[0]} … ${phones[phones.length - 1]}`;
}

/** `"A"`, `"A" and "B"`, `"A", "B" and "C"`. */
function namesOf(names: string[]): string {
	return names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/**
 * A split sent in part (`parts[i]` is what became of `plan.batches[i]`): what became of each part,
 * and how to reach the people of the parts not created without calling anyone twice. Sending the
 * whole list again, under any name or guard rail, would create the existing parts again.
 */
export function splitSentInPart(plan: CampaignPlan, parts: SplitPart[]): { status: string; fix: string } {
	const name = (index: number) => `"${plan.batches[index].body.campaign.name ?? ''}"`;
	const where = (exists: SplitPart['exists']) => parts.flatMap((part, index) => (part.exists === exists ? [index] : []));
	const [missing, maybe] = [where('no'), where('maybe')];
	const existing = parts.flatMap((part, index) => (part.exists === 'yes' || part.exists === 'maybe' ? [name(index)] : []));
	const fix: string[] = [];
	if (missing.length > 0) {
		fix.push(`To reach the people not called yet, run again with only the contacts of ${namesOf(missing.map((index) => `${name(index)} (${partContacts(plan, plan.batches[index])})`))}.`);
	}
	if (maybe.length > 0) fix.push(`Check the platform for ${namesOf(maybe.map(name))} before sending ${maybe.length === 1 ? 'its' : 'their'} contacts again.`);
	if (existing.length > 0) {
		const later = where('later').length > 0 ? ' (and any part sent after this one)' : '';
		const people = existing.length === 1 && later === '' ? 'its' : 'their';
		fix.push(`Do not send the whole list again: that would create ${namesOf(existing)} again${later} and call ${people} people twice.`);
	}
	return { status: parts.map((part, index) => `${name(index)}: ${part.state}`).join('; '), fix: fix.join(' ') };
}
