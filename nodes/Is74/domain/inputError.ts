/**
 * A problem with what the user gave a node, found before any request is sent.
 * Pure (no n8n import) so the payload builders can raise it; the nodes turn it into a
 * NodeOperationError that names the item, the field, the value and the fix.
 */
export class Is74InputError extends Error {
	constructor(
		readonly field: string,
		readonly value: unknown,
		readonly problem: string,
		readonly hint: string,
		readonly itemIndex?: number,
	) {
		super(`${field}: ${problem}`);
		this.name = 'Is74InputError';
	}

	/** The description shown under the message in n8n. */
	get description(): string {
		const where = this.itemIndex === undefined ? '' : `Item ${this.itemIndex}, `;
		return `${where}field "${this.field}", value ${showValue(this.value)}. ${this.hint}`;
	}

	atItem(itemIndex: number): Is74InputError {
		return this.itemIndex === undefined
			? new Is74InputError(this.field, this.value, this.problem, this.hint, itemIndex)
			: this;
	}
}

const MAX_SHOWN_LENGTH = 80;

/** A short, single-line rendering of a user value for error texts. */
export function showValue(value: unknown): string {
	let text: string;
	if (value === undefined) text = 'undefined';
	else if (typeof value === 'string') text = JSON.stringify(value);
	else {
		try {
			text = JSON.stringify(value) ?? String(value);
		} catch {
			text = String(value);
		}
	}
	return text.length > MAX_SHOWN_LENGTH ? `${text.slice(0, MAX_SHOWN_LENGTH - 1)}…` : text;
}
