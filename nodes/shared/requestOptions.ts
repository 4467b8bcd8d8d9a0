/** Request options both nodes offer under "Options", and their conversion. */
import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_REQUEST_SETTINGS, MAX_TIMEOUT_SECONDS, type RequestSettings } from './transport';

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
		typeOptions: { minValue: 0, maxValue: 10 },
		default: 3,
		description: 'How many times to repeat a request the API could not serve (rate limit, server error, timeout)',
	},
	{
		displayName: 'Initial Retry Delay (Ms)',
		name: 'initialRetryDelayMs',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 1000,
		description: 'Wait before the first retry; it doubles for each further retry. A Retry-After from the API takes precedence.',
	},
];

export function requestSettingsFrom(options: {
	timeoutSeconds?: number;
	maxRetries?: number;
	initialRetryDelayMs?: number;
}, defaultTimeoutSeconds: number): RequestSettings {
	const seconds = Number(options.timeoutSeconds ?? defaultTimeoutSeconds);
	return {
		// Bounded here too: an expression can exceed the field's maximum, and a timer longer than
		// about 24 days fires at once.
		timeoutMs: Math.min(MAX_TIMEOUT_SECONDS, Math.max(1, Number.isFinite(seconds) ? seconds : defaultTimeoutSeconds)) * 1000,
		maxRetries: Math.max(0, Math.floor(options.maxRetries ?? DEFAULT_REQUEST_SETTINGS.maxRetries)),
		initialDelayMs: Math.max(0, options.initialRetryDelayMs ?? DEFAULT_REQUEST_SETTINGS.initialDelayMs),
	};
}
