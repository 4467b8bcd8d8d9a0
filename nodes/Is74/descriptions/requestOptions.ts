/** Request options both nodes offer under "Options", and their conversion. */
import type { INodeProperties } from 'n8n-workflow';

import { readSetting, wholeNumberRule, type Given } from '../domain/settingValue';
import { DEFAULT_REQUEST_SETTINGS, MAX_RETRY_AFTER_MS, MAX_TIMEOUT_SECONDS } from '../transport';
import type { RequestSettings } from '../transport/context';

/** The most retries any request option accepts. */
export const MAX_RETRIES = 10;

/**
 * The request defaults, declared once: a read (Analytics, the Trigger's poll) waits as long as the
 * transport's default; a create waits longer (a 100,000-recipient body takes a while to be accepted).
 */
export const DEFAULT_TIMEOUT_SECONDS = { read: DEFAULT_REQUEST_SETTINGS.timeoutMs / 1000, create: 120 } as const;

export function timeoutOption(defaultSeconds: number): INodeProperties {
	return {
		displayName: 'Timeout (Seconds)',
		name: 'timeoutSeconds',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_TIMEOUT_SECONDS },
		default: defaultSeconds,
		description: `Deadline for one request, from sending it to the last byte of the answer. At most ${MAX_TIMEOUT_SECONDS} (one hour).`,
	};
}

export const retryOptions: INodeProperties[] = [
	{
		displayName: 'Max Retries',
		name: 'maxRetries',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: MAX_RETRIES },
		// Literal, as n8n's scanner wants a description's defaults; held to DEFAULT_REQUEST_SETTINGS by its test.
		default: 3,
		description: 'How many times to repeat a request the API could not serve (rate limit, server error, timeout)',
	},
	{
		displayName: 'Initial Retry Delay (Ms)',
		name: 'initialRetryDelayMs',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: MAX_RETRY_AFTER_MS },
		default: 1000,
		description: 'Wait before the first retry; it doubles for each further retry. A Retry-After from the API takes precedence.',
	},
];

/**
 * The request options as settings, read by the one rule of every option (domain/settingValue.ts):
 * never added, an option has its default; given, it is valid or refused, never bent or defaulted. An
 * expression can exceed a field's maximum, and a silently shortened Timeout would fail a create
 * halfway ("may exist") where a clear error up front sends nothing. `given`: from givenOptions.
 */
export function requestSettingsFrom(given: (key: string) => Given, defaultTimeoutSeconds: number, retriesLabel = 'Max Retries'): RequestSettings {
	const timeoutSetting = 'Options → Timeout (Seconds)';
	const seconds = readSetting(given('timeoutSeconds'), wholeNumberRule({ field: timeoutSetting, min: 1, max: MAX_TIMEOUT_SECONDS, untouched: defaultTimeoutSeconds, unit: 'seconds' }));
	return {
		timeoutMs: seconds * 1000,
		timeoutSetting,
		maxRetries: readSetting(given('maxRetries'), wholeNumberRule({ field: `Options → ${retriesLabel}`, min: 0, max: MAX_RETRIES, untouched: DEFAULT_REQUEST_SETTINGS.maxRetries })),
		initialDelayMs: readSetting(
			given('initialRetryDelayMs'),
			wholeNumberRule({ field: 'Options → Initial Retry Delay (Ms)', min: 0, max: MAX_RETRY_AFTER_MS, untouched: DEFAULT_REQUEST_SETTINGS.initialDelayMs, unit: 'milliseconds' }),
		),
	};
}
