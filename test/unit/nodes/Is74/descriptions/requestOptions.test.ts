import { requestSettingsFrom as fromGiven } from '../../../../../nodes/Is74/descriptions/requestOptions';
import { givenOptions } from '../../../../../nodes/Is74/domain/settingValue';
import { inputErrorOf } from '../../../../support/inputErrorOf';

/** Options as typed in the editor (no expression): each key given is "typed". */
const requestSettingsFrom = (options: object, timeout: number) => fromGiven(givenOptions(options, options, 'Options'), timeout);

describe('requestSettingsFrom: request options are read like every other number, and refused, never bent', () => {
	test('numbers and digits from an expression', () => {
		expect(requestSettingsFrom({ timeoutSeconds: 30, maxRetries: 2, initialRetryDelayMs: 500 }, 60)).toEqual({ timeoutMs: 30_000, maxRetries: 2, initialDelayMs: 500 });
		expect(requestSettingsFrom({ timeoutSeconds: '3600' as unknown as number, maxRetries: '0' as unknown as number }, 60)).toEqual({
			timeoutMs: 3_600_000,
			maxRetries: 0,
			initialDelayMs: 1000,
		});
		expect(requestSettingsFrom({}, 60)).toEqual({ timeoutMs: 60_000, maxRetries: 3, initialDelayMs: 1000 });
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
