import { campaignIdOf } from '../../../../../nodes/Is74/domain/campaignAnswer';

describe('campaignIdOf', () => {
	test.each([
		['{"campaign":{"id":12345}}', 12345],
		['{"campaign":{"id":1}}', 1],
		['{"campaign":{"id":9007199254740991}}', 9007199254740991],
		['{"campaign":{"id":"4242"}}', 4242],
		['{"campaign":{"id":" 12 "}}', 12],
		['{"campaign":{"id":"012"}}', 12],
	])('%s is campaign %d', (body, id) => {
		expect(campaignIdOf(body)).toEqual({ ok: true, value: id });
	});

	test.each(['', 'not json', '{}', '{"campaign":{}}', '{"campaign":{"id":null}}', '[1]', 'null'])('%s holds no ID', (body) => {
		expect(campaignIdOf(body)).toEqual({ ok: false, reason: 'missing' });
	});

	test.each([
		'{"campaign":{"id":"abc"}}',
		'{"campaign":{"id":"   "}}',
		'{"campaign":{"id":""}}',
		'{"campaign":{"id":"0"}}',
		'{"campaign":{"id":"1.5"}}',
		'{"campaign":{"id":"-5"}}',
		'{"campaign":{"id":"+12"}}',
		'{"campaign":{"id":"1e3"}}',
		'{"campaign":{"id":-5}}',
		'{"campaign":{"id":0}}',
		'{"campaign":{"id":1.5}}',
		'{"campaign":{"id":1e400}}',
		'{"campaign":{"id":12345678901234567890}}',
		'{"campaign":{"id":"12345678901234567890"}}',
		'{"campaign":{"id":true}}',
		'{"campaign":{"id":[7]}}',
	])('%s holds an unusable ID', (body) => {
		expect(campaignIdOf(body)).toEqual({ ok: false, reason: 'unusable' });
	});
});
