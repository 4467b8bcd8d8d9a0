/** Request options both nodes offer under "Options", and their conversion. */
import type { INodeProperties } from 'n8n-workflow';

import { parseWholeNumber } from '../helpers/numbers';
import { DEFAULT_REQUEST_SETTINGS, MAX_RETRY_AFTER_MS, MAX_TIMEOUT_SECONDS } from '../transport';
import type { RequestSettings } from '../transport/context';

/** The most retries any request option accepts. */
export const MAX_RETRIES = 10;

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
 * The request options as settings, read like every other number and refused, never bent, when out of
 * range: an expression can exceed a field's maximum, and a silently shortened Timeout would fail a
 * create halfway ("may exist") where a clear error up front sends nothing.
 */
export function requestSettingsFrom(
	options: { timeoutSeconds?: unknown; maxRetries?: unknown; initialRetryDelayMs?: unknown },
	defaultTimeoutSeconds: number,
): RequestSettings {
	const seconds = parseWholeNumber(options.timeoutSeconds ?? defaultTimeoutSeconds, 'Timeout (Seconds)', 1, MAX_TIMEOUT_SECONDS, `Use 1 to ${MAX_TIMEOUT_SECONDS} seconds.`);
	return {
		timeoutMs: seconds * 1000,
		maxRetries: parseWholeNumber(options.maxRetries ?? DEFAULT_REQUEST_SETTINGS.maxRetries, 'Max Retries', 0, MAX_RETRIES, `Use 0 to ${MAX_RETRIES}.`),
		initialDelayMs: parseWholeNumber(
			options.initialRetryDelayMs ?? DEFAULT_REQUEST_SETTINGS.initialDelayMs,
			'Initial Retry Delay (Ms)',
			0,
			MAX_RETRY_AFTER_MS,
			`Use 0 to ${MAX_RETRY_AFTER_MS} milliseconds.`,
		),
	};
}
