/**
 * The Guard Rails of a Create, read once for the whole run, and the duplicate memory kept in the
 * node's workflow static data. n8n saves static data after production executions (trigger, webhook,
 * chat) but not after manual ones; within one execution repeated tool calls share it.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { campaignKey, readMemory, remember, type CampaignIdentity, type CampaignMemory, type RememberedCampaign } from '../../helpers/campaignMemory';
import { GUARD_FIELD, parseAllowedPrefixes } from '../../helpers/guardRails';
import { Is74InputError, showValue } from '../../helpers/inputError';
import { parseWholeNumber } from '../../helpers/numbers';
import { toNodeError } from '../nodeErrors';
import { checkSameForAllItems, settingsContext } from './config';

/** The key of the node's static data that holds the memory. */
const MEMORY_KEY = 'campaignMemory';

export interface GuardRails {
	allowedPrefixes: string[];
	/** 0 means no limit. */
	maxRecipients: number;
	duplicateProtection: boolean;
}

interface GuardRailsParameter {
	allowedPrefixes?: unknown;
	maxRecipientsPerExecution?: unknown;
	duplicateProtection?: unknown;
}

/** The run's guard rails, from item 0 (every item must give the same). A missing one is off. */
export function readGuardRails(ctx: IExecuteFunctions, itemCount: number): GuardRails {
	checkSameForAllItems(ctx, itemCount, [{ name: 'guardRails', label: 'Guard Rails', fallback: {} }], 'Guard Rails apply to the whole run and are read from item 0: make them the same for every item.');
	const parameter = ctx.getNodeParameter('guardRails', 0, {}) as GuardRailsParameter;
	const raw = (ctx.getNode().parameters.guardRails ?? {}) as Record<string, unknown>;
	try {
		return {
			allowedPrefixes: allowedPrefixesOf(parameter.allowedPrefixes, raw.allowedPrefixes),
			maxRecipients: parseWholeNumber(parameter.maxRecipientsPerExecution ?? 0, GUARD_FIELD.maxRecipients, 0, Number.MAX_SAFE_INTEGER, 'Use 0 for no limit.'),
			duplicateProtection: duplicateProtectionOf(parameter.duplicateProtection, 'duplicateProtection' in raw),
		};
	} catch (error) {
		throw toNodeError(ctx, error);
	}
}

const isExpression = (raw: unknown): boolean => typeof raw === 'string' && raw.startsWith('=');

/**
 * Only a field left empty by hand allows every number: an expression that gives nothing (a missing
 * field, an expression n8n could not resolve) must not switch the guard rail off.
 */
function allowedPrefixesOf(value: unknown, raw: unknown): string[] {
	const prefixes = parseAllowedPrefixes(value);
	if (prefixes.length === 0 && isExpression(raw)) {
		throw new Is74InputError(
			GUARD_FIELD.allowedPrefixes,
			value,
			'the expression gave an empty value, so no number could be checked',
			'Make the expression give prefixes such as "+7", or type them. To allow every number, clear the field (an empty field, not an expression).',
		);
	}
	return prefixes;
}

/** On only when true, off only when false or not set: anything else (an expression giving nothing) is refused. */
function duplicateProtectionOf(value: unknown, isSet: boolean): boolean {
	if (typeof value === 'boolean') return value;
	if (value === undefined && !isSet) return false;
	throw new Is74InputError(GUARD_FIELD.duplicateProtection, value, `the expression gave ${showValue(value)}, not true or false`, 'Make it give true or false, or switch it on or off without an expression.');
}

/**
 * The campaigns this node remembers, kept live in the node's static data: the tool calls an agent makes
 * at once share it, so each reads and writes it whole, with no await between, and a campaign is
 * claimed before it is sent: a second call that asks for it meanwhile is refused.
 */
export class CampaignMemoryStore {
	/** The salt every key of this run is hashed with: the stored one, or a new one. */
	private readonly salt: string;

	/** `persist`: write the memory (with a new salt) now; not in Dry Run, which remembers nothing. */
	constructor(
		private readonly ctx: IExecuteFunctions,
		persist: boolean,
	) {
		const memory = this.read();
		this.salt = memory.salt;
		// Stored at once, so every call of this execution hashes with the same salt.
		if (persist) this.write(memory);
	}

	private read(): CampaignMemory {
		return readMemory(this.ctx.getWorkflowStaticData('node')[MEMORY_KEY], settingsContext(this.ctx).today);
	}

	private write(memory: CampaignMemory): void {
		// A new object each time, so n8n sees the static data changed and saves it.
		this.ctx.getWorkflowStaticData('node')[MEMORY_KEY] = memory as unknown as IDataObject;
	}

	keyOf(body: CampaignIdentity): string {
		return campaignKey(this.salt, body);
	}

	find(key: string): RememberedCampaign | undefined {
		return this.read().campaigns[key];
	}

	/** Marks `key` as being sent, or returns what the memory already holds for it. */
	claim(key: string, date: string): RememberedCampaign | undefined {
		const memory = this.read();
		const earlier = memory.campaigns[key];
		if (earlier) return earlier;
		remember(memory, key, { mayExist: SENDING, at: new Date().toISOString(), date });
		this.write(memory);
		return undefined;
	}

	/** What became of a claimed campaign: its ID, or why it may exist. */
	record(key: string, outcome: { id: number } | { mayExist: string }, date: string): void {
		const memory = this.read();
		remember(memory, key, { ...outcome, at: new Date().toISOString(), date });
		this.write(memory);
	}

	/** A claimed campaign the platform provably did not act on: forgotten, so it may be sent again. */
	release(key: string): void {
		const memory = this.read();
		delete memory.campaigns[key];
		this.write(memory);
	}
}

/** Why a claimed campaign "may exist" while its create is on its way. */
const SENDING = 'another call of this node was sending it';
