import { Is74InputError } from '../../nodes/Is74/domain/inputError';

/** Runs `fn`, expects it to throw an Is74InputError, and returns that error for assertions. */
export function inputErrorOf(fn: () => unknown): Is74InputError {
	let caught: unknown;
	try {
		fn();
	} catch (error) {
		caught = error;
	}
	expect(caught).toBeInstanceOf(Is74InputError);
	return caught as Is74InputError;
}
