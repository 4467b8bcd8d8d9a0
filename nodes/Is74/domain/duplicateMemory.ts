/**
 * Duplicate Protection's memory: what the Campaign node remembers of the campaigns it created, so a
 * repeated call (an AI agent calling the tool again, a workflow re-run) does not create the same
 * campaign twice. The API has no method to list campaigns, so this memory is the node's own:
 * actions/campaign/duplicateMemory.ts keeps it in n8n's workflow static data. Pure module: no n8n imports.
 *
 * Privacy: no phone number is kept in clear. A campaign is known by a salted SHA-256 of its project,
 * name (Unicode NFC), date and sorted phones; the salt is random per memory, and stored before any key
 * is computed with it: a key hashed with a salt that is not kept would never be found again.
 */
import { createHash, randomBytes } from 'crypto';

import { splitSentInPart, type CampaignPlan } from './campaignPlan';
import { Is74InputError } from './inputError';

/** How many campaigns are remembered; past it the oldest are forgotten first. */
export const MEMORY_LIMIT = 1000;

export interface RememberedCampaign {
	/** The campaign ID, when the API confirmed the create. */
	id?: number;
	/** Otherwise why it may exist (a timeout after sending, an answer without an ID…). */
	mayExist?: string;
	/** When it was sent (ISO 8601). */
	at: string;
	/** The campaign's date (YYYY-MM-DD): once it has passed the entry is forgotten, as that date can no longer be used. */
	date: string;
}

export interface CampaignMemory {
	salt: string;
	campaigns: Record<string, RememberedCampaign>;
}

/** The part of a create body that makes a campaign "the same". */
export interface CampaignIdentity {
	campaign: { project_id: number; name?: string; schedule: { date: string } };
	phones: ReadonlyArray<{ phone: string }>;
}

const isEntry = (value: unknown): value is RememberedCampaign =>
	typeof value === 'object' && value !== null && typeof (value as RememberedCampaign).at === 'string' && typeof (value as RememberedCampaign).date === 'string';

const sourceOf = (stored: unknown): Partial<CampaignMemory> => (typeof stored === 'object' && stored !== null ? (stored as Partial<CampaignMemory>) : {});

/**
 * The salt of the memory as stored, or a new one for a memory that has none (a first run has nothing):
 * the caller stores it before it computes a key.
 */
export function saltOf(stored: unknown): { salt: string; isNew: boolean } {
	const { salt } = sourceOf(stored);
	return typeof salt === 'string' && salt !== '' ? { salt, isNew: false } : { salt: randomBytes(16).toString('hex'), isNew: true };
}

/**
 * The campaigns of the memory as stored, without the entries whose date is before `today`. Returns a
 * copy: the caller stores it back whole, with the salt its keys were computed with.
 */
export function campaignsOf(stored: unknown, today: string): Record<string, RememberedCampaign> {
	const source = sourceOf(stored);
	const campaigns: Record<string, RememberedCampaign> = {};
	const entries = typeof source.campaigns === 'object' && source.campaigns !== null ? Object.entries(source.campaigns) : [];
	for (const [key, entry] of entries) {
		if (isEntry(entry) && entry.date >= today) campaigns[key] = { ...entry };
	}
	return campaigns;
}

/**
 * The key a campaign is remembered by: it holds no phone number in clear. The name is compared in
 * Unicode NFC: "й" typed as one character or as "и" and a combining breve is the same campaign.
 */
export function campaignKey(salt: string, body: CampaignIdentity): string {
	const phones = body.phones.map((entry) => entry.phone).sort();
	const identity = JSON.stringify([body.campaign.project_id, (body.campaign.name ?? '').normalize('NFC'), body.campaign.schedule.date, phones]);
	return createHash('sha256').update(salt).update(identity).digest('hex');
}

/** Runs of seven or more digits (with spaces or dashes between): what a server message could quote of a phone. */
const DIGIT_RUNS = /\+?\d(?:[\s-]?\d){6,}/g;

/** Remembers a create in `campaigns`; the oldest entries go first when the memory is full. */
export function remember(campaigns: Record<string, RememberedCampaign>, key: string, entry: RememberedCampaign): void {
	delete campaigns[key];
	// The "may exist" reason may quote the server: no phone number goes into the memory in clear.
	campaigns[key] = entry.mayExist === undefined ? entry : { ...entry, mayExist: entry.mayExist.replace(DIGIT_RUNS, '…') };
	const keys = Object.keys(campaigns);
	for (let index = 0; index < keys.length - MEMORY_LIMIT; index++) delete campaigns[keys[index]];
}

/** "ID 1001, created 2026-11-24T08:00:00.000Z" or "may exist (no answer before the timeout), sent …". */
export function describeRemembered(entry: RememberedCampaign): string {
	return entry.id !== undefined ? `ID ${entry.id}, created ${entry.at}` : `may exist (${entry.mayExist ?? 'unconfirmed'}), sent ${entry.at}`;
}

const OVERRIDE_HINT =
	'If it really must be created again, change the Campaign Name, or turn off Guard Rails → Duplicate Protection for that run. Nothing was sent.';

/** The refusal of a campaign this node created (or may have created) before. */
export function alreadyCreatedError(name: string, entry: RememberedCampaign): Is74InputError {
	return new Is74InputError(
		'Guard Rails → Duplicate Protection',
		name,
		`the same campaign (same name, date and phones) was already sent by this node: ${describeRemembered(entry)}`,
		`${entry.id !== undefined ? `Use campaign ID ${entry.id}` : 'Check the platform for it'} instead of creating it again. ${OVERRIDE_HINT}`,
	);
}

/**
 * The refusal of a split this node sent in part, or whose parts may exist (`entries[i]`: what the
 * memory holds of `plan.batches[i]`). Its fix reaches the people of the parts not created and never
 * re-creates a part that exists: another name, or Duplicate Protection off, would call those people twice.
 */
export function partlySentError(plan: CampaignPlan, entries: Array<RememberedCampaign | undefined>): Is74InputError {
	const sent = entries.findIndex((entry) => entry !== undefined);
	const { status, fix } = splitSentInPart(
		plan,
		entries.map((entry) =>
			entry === undefined ? { exists: 'no', state: 'not created' } : { exists: entry.id !== undefined ? 'yes' : 'maybe', state: describeRemembered(entry) },
		),
	);
	return new Is74InputError('Guard Rails → Duplicate Protection', plan.batches[sent].body.campaign.name ?? '', `this split was already sent${entries.includes(undefined) ? ' in part' : ''} by this node: ${status}`, `${fix} Nothing was sent.`);
}

/** The refusal of a campaign planned twice in the same run. */
export function repeatedInRunError(name: string, firstItemIndex: number): Is74InputError {
	return new Is74InputError(
		'Guard Rails → Duplicate Protection',
		name,
		`this run would create the same campaign (same name, date and phones) twice; item ${firstItemIndex} creates it first`,
		OVERRIDE_HINT,
	);
}
