/** The campaign ID in the API's answer to a create. Pure module: no n8n imports. */
import type { Result } from './result';
import { positiveSafeInteger } from './numbers';
import { parseJson } from './text';

export type CampaignAnswer = Result<number, { reason: 'missing' | 'unusable' }>;

/**
 * `{"campaign": {"id": 12345}}`: the ID must be a positive safe integer, or a string of one
 * (read by the one rule for IDs, `positiveSafeInteger`).
 * Anything else (a word, blanks, 0, a fraction, Infinity, a number JSON rounded) is no ID: the
 * report and the platform could not find the campaign by it.
 */
export function campaignIdOf(body: string): CampaignAnswer {
	const parsed = parseJson(body);
	const id = parsed.ok ? (parsed.value as { campaign?: { id?: unknown } } | null)?.campaign?.id : undefined;
	if (id === undefined || id === null) return { ok: false, reason: 'missing' };
	const value = positiveSafeInteger(id);
	return value === undefined ? { ok: false, reason: 'unusable' } : { ok: true, value: value };
}
