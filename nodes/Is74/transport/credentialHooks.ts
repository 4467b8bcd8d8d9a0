/**
 * The credential's one entry point into the transport (credentials/Is74Api.credentials.ts imports
 * nothing else from nodes/): the login it runs as preAuthentication, and the Bearer token it adds to
 * every request. The login is a request like the others: no redirect followed, a deadline, a size
 * cap, error texts without the password.
 */
import type { ICredentialDataDecryptedObject, IHttpRequestHelper, IHttpRequestOptions } from 'n8n-workflow';

import { API_PATHS } from '../domain/apiContract';
import { extractLoginToken, joinUrl, normalizeBaseUrl } from '../domain/baseUrl';
import { parseJson } from '../domain/text';
import { withoutRenewalHeader } from '../compat/sessionRenewal';
import { AnswerTooLarge, MAX_ERROR_BODY_BYTES, SMALL_ANSWER_MAX_BYTES, destroyBody, headerValue, readBodyText } from './answer';
import { Is74CredentialError, networkCodeOf } from './failures';
import { REDIRECT_STATUSES, resolveLocation } from './redirects';
import { loginAsSecret, scrubbedServerMessage, shownRedirectTarget } from './secrets';
import { describeNetworkCode } from './serverMessage';

export { CREDENTIAL_TYPE } from './context';
export { REDIRECT_STATUSES } from './redirects';

/** The login's deadline: from sending it to the last byte of the answer. */
const LOGIN_TIMEOUT_MS = 30_000;

function baseUrlOf(credentials: ICredentialDataDecryptedObject): string {
	const result = normalizeBaseUrl(credentials.baseUrl);
	if (!result.ok) throw new Is74CredentialError(`IS74 credential: ${result.reason}`);
	return result.value;
}

/**
 * Login-and-password mode: fetches a token into the expirable `sessionToken`. n8n calls this when
 * the token is empty and again once when the API answers 401. Access-token mode returns nothing,
 * which tells n8n there is nothing to store.
 */
export async function logIn(helpers: IHttpRequestHelper['helpers'], credentials: ICredentialDataDecryptedObject): Promise<{ sessionToken?: string }> {
	if (credentials.authentication !== 'loginPassword') return {};
	const url = joinUrl(baseUrlOf(credentials), String(credentials.loginPath || API_PATHS.login));
	const secrets = [credentials.password, loginAsSecret(credentials.login)];
	const deadline = AbortSignal.timeout(LOGIN_TIMEOUT_MS);
	let status = 0;
	let text = '';
	// Thrown after the catch: the credential's own error, never the transport's (which holds the password).
	let failure: Is74CredentialError | undefined;
	try {
		const response = (await helpers.httpRequest({
			method: 'POST',
			url,
			body: Buffer.from(JSON.stringify({ login: credentials.login, password: credentials.password }), 'utf8'),
			headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
			encoding: 'stream',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			// The login and password go to the login URL and nowhere else.
			disableFollowRedirect: true,
			sendCredentialsOnCrossOriginRedirect: false,
			abortSignal: deadline,
			timeout: LOGIN_TIMEOUT_MS,
		})) as { statusCode: number; headers: unknown; body: unknown };
		status = response.statusCode;
		if (REDIRECT_STATUSES.includes(status)) {
			destroyBody(response.body);
			const location = resolveLocation(headerValue(response.headers, 'location') ?? '', url);
			throw new Is74CredentialError(
				`IS74 login was redirected (HTTP ${status}) to ${shownRedirectTarget(location, secrets)}. The login is never sent to another address; if that address is the right one, set the Base URL and Login Path to it.`,
			);
		}
		const ok = status >= 200 && status < 300;
		text = await readBodyText(response.body, { maxBytes: ok ? SMALL_ANSWER_MAX_BYTES : MAX_ERROR_BODY_BYTES, tooLarge: ok ? 'fail' : 'cut', deadline });
	} catch (error) {
		if (error instanceof Is74CredentialError) failure = error;
		else if (error instanceof AnswerTooLarge) failure = new Is74CredentialError(`IS74 login failed: ${error.message}. Check the Base URL and Login Path.`);
		// The transport error carries the request (and so the password): keep only its code.
		else failure = new Is74CredentialError(`IS74 login failed: could not reach ${url}: ${describeNetworkCode(networkCodeOf(error, deadline))}`);
	}
	if (failure) throw failure;
	if (status < 200 || status >= 300) {
		const said = scrubbedServerMessage(text, secrets);
		const advice = status === 401 || status === 403 || status === 422 ? 'Check the login and password.' : 'Check the Base URL and Login Path.';
		throw new Is74CredentialError(`IS74 login was rejected (HTTP ${status}). ${advice}${said ? ` The server said: ${said}` : ''}`);
	}
	const parsed = parseJson(text);
	const token = parsed.ok ? extractLoginToken(parsed.value) : undefined;
	if (!token) {
		throw new Is74CredentialError(
			'IS74 login answered without a token (looked for token, access_token, accessToken, and the same under data). Check the Login Path.',
		);
	}
	return { sessionToken: token };
}

/** Adds the Bearer token and the normalized base URL to a request the nodes make. */
export function authenticateRequest(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): IHttpRequestOptions {
	const loginMode = credentials.authentication === 'loginPassword';
	const token = String((loginMode ? credentials.sessionToken : credentials.accessToken) ?? '').trim();
	if (!token) {
		throw new Is74CredentialError(
			loginMode
				? 'IS74 credential: no session token yet; the login did not run'
				: 'IS74 credential: the Access Token is empty',
		);
	}
	// n8n before 2.10: a request naming the session token the API just rejected is not sent with it.
	const headers = withoutRenewalHeader(requestOptions.headers, loginMode ? token : undefined);
	return {
		...requestOptions,
		baseURL: baseUrlOf(credentials),
		headers: { ...headers, Authorization: `Bearer ${token}` },
	};
}
