import { Is74Api } from '../../../../../credentials/Is74Api.credentials';
import { RENEW_SESSION_HEADER, SessionRejected, sessionDigest } from '../../../../../nodes/Is74/compat/sessionRenewal';

const login = { baseUrl: 'http://127.0.0.1:5690', authentication: 'loginPassword', login: 'operator', password: 'Pass-1', sessionToken: 'stale-session-1' };
const request = (renew?: string) => ({ url: '/api/campaigns', method: 'POST' as const, headers: { Accept: 'application/json', ...(renew === undefined ? {} : { [RENEW_SESSION_HEADER]: renew }) } });

describe('the credential renews a session the API rejected, before sending anything', () => {
	const credential = new Is74Api();

	test('a request naming the session token the credential still holds is not sent: n8n reads a 401 and logs in again', async () => {
		const refused = await credential.authenticate(login, request(sessionDigest('stale-session-1'))).catch((error: unknown) => error);
		expect(refused).toBeInstanceOf(SessionRejected);
		expect(refused).toMatchObject({ response: { status: 401 } });
	});

	test('once the token is new, the request goes out with it, and the header never does', async () => {
		const sent = await credential.authenticate({ ...login, sessionToken: 'fresh-session-2' }, request(sessionDigest('stale-session-1')));
		expect(sent.headers).toEqual({ Accept: 'application/json', Authorization: 'Bearer fresh-session-2' });
	});

	test('an access token is never renewed, and the header is still removed', async () => {
		const token = { baseUrl: login.baseUrl, authentication: 'accessToken', accessToken: 'access-3' };
		const sent = await credential.authenticate(token, request(sessionDigest('access-3')));
		expect(sent.headers).toEqual({ Accept: 'application/json', Authorization: 'Bearer access-3' });
	});

	test('the header holds a digest, never the token', () => {
		expect(sessionDigest('stale-session-1')).toMatch(/^[0-9a-f]{32}$/);
		expect(sessionDigest('stale-session-1')).not.toContain('stale');
		expect(sessionDigest('stale-session-1')).not.toBe(sessionDigest('stale-session-2'));
	});
});
