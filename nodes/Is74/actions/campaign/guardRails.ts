/**
 * The Guard Rails of a Create, read once for the whole run by the one rule of domain/settingValue.ts
 * (the rails themselves: domain/guardRails.ts; the duplicate memory: ./duplicateMemory.ts).
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { GUARD_RAILS, checkSomeGuardRail } from '../../domain/guardRails';
import { givenOptions, readSetting } from '../../domain/settingValue';
import { atItem } from '../../helpers/nodeErrors';
import { checkSameForAllItems } from './config';

export interface GuardRails {
	/** Empty means every number. */
	allowedPrefixes: string[];
	/** 0 means no limit. */
	maxRecipients: number;
	duplicateProtection: boolean;
}

/** The run's guard rails, from item 0 (every item must give the same): each valid, or the run is refused. */
export function readGuardRails(ctx: IExecuteFunctions, itemCount: number): GuardRails {
	checkSameForAllItems(ctx, itemCount, [{ name: 'guardRails', label: 'Guard Rails', fallback: {} }], 'Guard Rails apply to the whole run and are read from item 0: make them the same for every item.');
	try {
		const raw = ctx.getNode().parameters.guardRails;
		const given = givenOptions(raw, ctx.getNodeParameter('guardRails', 0, {}), 'Guard Rails');
		checkSomeGuardRail(raw);
		return {
			allowedPrefixes: readSetting(given('allowedPrefixes'), GUARD_RAILS.allowedPrefixes),
			maxRecipients: readSetting(given('maxRecipientsPerExecution'), GUARD_RAILS.maxRecipients),
			duplicateProtection: readSetting(given('duplicateProtection'), GUARD_RAILS.duplicateProtection),
		};
	} catch (error) {
		throw atItem(error, 0);
	}
}
