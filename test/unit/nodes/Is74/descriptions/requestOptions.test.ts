import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_TIMEOUT_SECONDS, requestSettingsFrom as fromGiven } from '../../../../../nodes/Is74/descriptions/requestOptions';
import { description as createDescription } from '../../../../../nodes/Is74/actions/campaign/create.operation';
import { description as getDescription } from '../../../../../nodes/Is74/actions/report/get.operation';
import { Is74Trigger } from '../../../../../nodes/Is74/Is74Trigger.node';
import { DEFAULT_REQUEST_SETTINGS } from '../../../../../nodes/Is74/transport';
import { givenOptions } from '../../../../../nodes/Is74/domain/settingValue';
import { inputErrorOf } from '../../../../support/inputErrorOf';

/** Options as typed in the editor (no expression): each key given is "typed". */
const requestSettingsFrom = (options: object, timeout: number) => fromGiven(givenOptions(options, options, 'Options'), timeout);

describe('requestSettingsFrom: request options are read like every other number, and refused, never bent', () => {
	test('numbers and digits from an expression', () => {
		expect(requestSettingsFrom({ timeoutSeconds: 30, maxRetries: 2, initialRetryDelayMs: 500 }, 60)).toEqual({ timeoutMs: 30_000, maxRetries: 2, initialDelayMs: 500, timeoutSetting: 'Options → Timeout (Seconds)' });
		expect(requestSettingsFrom({ timeoutSeconds: '3600' as unknown as number, maxRetries: '0' as unknown as number }, 60)).toEqual({
			timeoutMs: 3_600_000,
			maxRetries: 0,
			initialDelayMs: 1000,
			timeoutSetting: 'Options → Timeout (Seconds)',
		});
		expect(requestSettingsFrom({}, 60)).toEqual({ timeoutMs: 60_000, maxRetries: 3, initialDelayMs: 1000, timeoutSetting: 'Options → Timeout (Seconds)' });
	});
	test.each([
		[{ timeoutSeconds: 3_000_000 }, 'Options → Timeout (Seconds)', 3_000_000, 'must be a whole number from 1 to 3600'],
		[{ timeoutSeconds: 0 }, 'Options → Timeout (Seconds)', 0, 'must be a whole number from 1 to 3600'],
		[{ timeoutSeconds: 'abc' }, 'Options → Timeout (Seconds)', 'abc', 'must be a whole number from 1 to 3600'],
		[{ maxRetries: 11 }, 'Options → Max Retries', 11, 'must be a whole number from 0 to 10'],
		[{ maxRetries: 1.5 }, 'Options → Max Retries', 1.5, 'must be a whole number from 0 to 10'],
		[{ initialRetryDelayMs: -1 }, 'Options → Initial Retry Delay (Ms)', -1, 'must be a whole number from 0 to 60000'],
		[{ timeoutSeconds: null }, 'Options → Timeout (Seconds)', null, 'is empty'],
	])('%j is refused, naming the option and the value', (options, field, value, problem) => {
		const error = inputErrorOf(() => requestSettingsFrom(options as never, 60));
		expect({ field: error.field, value: error.value, problem: error.problem }).toEqual({ field, value, problem });
	});
});

describe('request defaults are declared once: what the editor shows is what an untouched option means', () => {
	const optionsOf = (properties: INodeProperties[]) => (properties.find((property) => property.name === 'options')?.options ?? []) as INodeProperties[];
	const defaults = (options: INodeProperties[]) => Object.fromEntries(options.filter((option) => ['timeoutSeconds', 'maxRetries', 'initialRetryDelayMs'].includes(option.name)).map((option) => [option.name, option.default]));
	const shown = (settings: { timeoutMs: number; maxRetries: number; initialDelayMs: number }, keys: string[]) =>
		Object.fromEntries(Object.entries({ timeoutSeconds: settings.timeoutMs / 1000, maxRetries: settings.maxRetries, initialRetryDelayMs: settings.initialDelayMs }).filter(([key]) => keys.includes(key)));

	test.each([
		['IS74 Campaign → Create', () => optionsOf(createDescription), DEFAULT_TIMEOUT_SECONDS.create],
		['IS74 Analytics → Get', () => optionsOf(getDescription), DEFAULT_TIMEOUT_SECONDS.read],
		['IS74 Trigger', () => optionsOf(new Is74Trigger().description.properties), DEFAULT_TIMEOUT_SECONDS.read],
	])('%s', (_, options, timeout) => {
		const shownDefaults = defaults(options());
		expect(Object.keys(shownDefaults)).toContain('timeoutSeconds');
		expect(shownDefaults).toEqual(shown(requestSettingsFrom({}, timeout), Object.keys(shownDefaults)));
		expect(requestSettingsFrom({}, timeout)).toEqual({ ...DEFAULT_REQUEST_SETTINGS, timeoutMs: timeout * 1000, timeoutSetting: 'Options → Timeout (Seconds)' });
	});
});
