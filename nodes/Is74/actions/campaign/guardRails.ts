/**
 * The Guard Rails of a Create, read once for the whole run, and the duplicate memory kept in the
 * node's workflow static data. n8n saves static data after production executions (trigger, webhook,
 * chat) but not after manual ones; within one execution repeated tool calls share it.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { campaignKey, readMemory, remember, type CampaignIdentity, type CampaignMemory, type RememberedCampaign } from '../../helpers/campaignMemory';
import { GUARD_FIELD, parseAllowedPrefixes } from '../../helpers/guardRails';
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
	try {
		return {
			allowedPrefixes: parseAllowedPrefixes(parameter.allowedPrefixes),
			maxRecipients: parseWholeNumber(parameter.maxRecipientsPerExecution ?? 0, GUARD_FIELD.maxRecipients, 0, Number.MAX_SAFE_INTEGER, 'Use 0 for no limit.'),
			duplicateProtection: parameter.duplicateProtection === true,
		};
	} catch (error) {
		throw toNodeError(ctx, error);
	}
}

/** The campaigns this node remembers; what it sends is recorded as soon as the API confirmed it (or may have acted). */
export class CampaignMemoryStore {
	private readonly memory: CampaignMemory;

	constructor(private readonly ctx: IExecuteFunctions) {
		this.memory = readMemory(ctx.getWorkflowStaticData('node')[MEMORY_KEY], settingsContext(ctx).today);
	}

	keyOf(body: CampaignIdentity): string {
		return campaignKey(this.memory, body);
	}

	find(key: string): RememberedCampaign | undefined {
		return this.memory.campaigns[key];
	}

	record(key: string, outcome: { id: number } | { mayExist: string }, date: string): void {
		remember(this.memory, key, { ...outcome, at: new Date().toISOString(), date });
		// A new object, so n8n sees the static data changed and saves it.
		this.ctx.getWorkflowStaticData('node')[MEMORY_KEY] = structuredClone(this.memory) as unknown as IDataObject;
	}
}
