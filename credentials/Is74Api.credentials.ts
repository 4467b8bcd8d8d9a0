import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { API_PATHS } from '../nodes/Is74/helpers/apiContract';
import { DEFAULT_BASE_URL, extractLoginToken, joinUrl, normalizeBaseUrl } from '../nodes/Is74/helpers/baseUrl';
import { loginAsSecret, scrubbedServerMessage, shownRedirectTarget } from '../nodes/Is74/transport/secrets';
import { describeNetworkCode } from '../nodes/Is74/transport/serverMessage';
import { parseJson } from '../nodes/Is74/helpers/text';
import { AnswerTooLarge, MAX_ERROR_BODY_BYTES, SMALL_ANSWER_MAX_BYTES, destroyBody, headerValue, readBodyText } from '../nodes/Is74/transport/answer';
import { Is74CredentialError, networkCodeOf } from '../nodes/Is74/transport/failures';
import { CREDENTIAL_TYPE } from '../nodes/Is74/transport/context';
import { REDIRECT_STATUSES, resolveLocation } from '../nodes/Is74/transport/redirects';
import { RENEW_SESSION_HEADER, SessionRejected, sessionDigest } from '../nodes/Is74/transport/sessionRenewal';

/** The login's deadline: from sending it to the last byte of the answer. */
const LOGIN_TIMEOUT_MS = 30_000;

function baseUrlOf(credentials: ICredentialDataDecryptedObject): string {
	const result = normalizeBaseUrl(credentials.baseUrl);
	if (!result.ok) throw new Is74CredentialError(`IS74 credential: ${result.reason}`);
	return result.value;
}

export class Is74Api implements ICredentialType {
	name = CREDENTIAL_TYPE;

	displayName = 'IS74 API';

	documentationUrl = 'https://github.com/is74/n8n-nodes-is74#credentials';

	icon: Icon = { light: 'file:../nodes/Is74/is74.svg', dark: 'file:../nodes/Is74/is74.dark.svg' };

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: DEFAULT_BASE_URL,
			placeholder: DEFAULT_BASE_URL,
			required: true,
			description:
				'Address of the IS74 AI Assistant platform. A trailing slash or /api at the end is ignored.',
		},
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'options',
			options: [
				{
					name: 'Access Token',
					value: 'accessToken',
					description: 'A token from IS74 support or your personal manager',
				},
				{
					name: 'Login and Password',
					value: 'loginPassword',
					description: 'A "Dialog" platform account; n8n logs in and renews the token itself',
				},
			],
			default: 'accessToken',
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			displayOptions: { show: { authentication: ['accessToken'] } },
			description: 'Sent as "Authorization: Bearer &lt;token&gt;"',
		},
		{
			displayName: 'Login',
			name: 'login',
			type: 'string',
			default: '',
			required: true,
			displayOptions: { show: { authentication: ['loginPassword'] } },
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			displayOptions: { show: { authentication: ['loginPassword'] } },
		},
		{
			displayName: 'Login Path',
			name: 'loginPath',
			type: 'string',
			default: API_PATHS.login,
			displayOptions: { show: { authentication: ['loginPassword'] } },
			description: 'Path of the login method, appended to the Base URL',
		},
		{
			displayName: 'Session Token',
			name: 'sessionToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
	];

	/**
	 * Login-and-password mode: fetches a token into the expirable `sessionToken`. n8n calls this when
	 * the token is empty and again once when the API answers 401. Access-token mode returns nothing,
	 * which tells n8n there is nothing to store.
	 */
	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		if (credentials.authentication !== 'loginPassword') return {};
		const url = joinUrl(baseUrlOf(credentials), String(credentials.loginPath || API_PATHS.login));
		const secrets = [credentials.password, loginAsSecret(credentials.login)];
		const deadline = AbortSignal.timeout(LOGIN_TIMEOUT_MS);
		let status: number;
		let text: string;
		try {
			const response = (await this.helpers.httpRequest({
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
			if (error instanceof Is74CredentialError) throw error;
			if (error instanceof AnswerTooLarge) throw new Is74CredentialError(`IS74 login failed: ${error.message}. Check the Base URL and Login Path.`);
			// The transport error carries the request (and so the password): keep only its code.
			throw new Is74CredentialError(`IS74 login failed: could not reach ${url}: ${describeNetworkCode(networkCodeOf(error, deadline))}`);
		}
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

	/**
	 * Adds the Bearer token and the normalized base URL to every request the nodes make. A request
	 * that names the session token the API just rejected (RENEW_SESSION_HEADER, n8n before 2.10)
	 * is not sent with it: SessionRejected makes n8n log in again and authenticate it anew.
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const loginMode = credentials.authentication === 'loginPassword';
		const token = String((loginMode ? credentials.sessionToken : credentials.accessToken) ?? '').trim();
		if (!token) {
			throw new Is74CredentialError(
				loginMode
					? 'IS74 credential: no session token yet; the login did not run'
					: 'IS74 credential: the Access Token is empty',
			);
		}
		const { [RENEW_SESSION_HEADER]: rejectedToken, ...headers } = requestOptions.headers ?? {};
		if (loginMode && rejectedToken !== undefined && rejectedToken === sessionDigest(token)) throw new SessionRejected();
		return {
			...requestOptions,
			baseURL: baseUrlOf(credentials),
			headers: { ...headers, Authorization: `Bearer ${token}` },
		};
	}

	/**
	 * Asks for an (empty) analytics report of project 0 / campaign 0: a read that changes nothing.
	 * Every status but 2xx fails the test: n8n before 2.10 knows no "ignore all but these" (it reads
	 * any `ignoreHttpStatusErrors` as "ignore all", which would pass a rejected token), so none is set.
	 * 401 and 403 mean the token was rejected; a 400/422 complaint about the IDs means the server
	 * checked the token and let the request through, and its message says so.
	 */
	test: ICredentialTestRequest = {
		request: {
			method: 'POST',
			url: API_PATHS.report(0),
			body: {
				analytics_filter: {
					scenario_id: 0,
					start_block_id: 0,
					outgoing_campaign_id: 0,
					date_start: '2000-01-01T00:00:00.000Z',
					date_end: '2000-01-01T00:00:00.001Z',
				},
				columns: [],
			},
			json: true,
			// A redirect fails the test instead of carrying the token to wherever it points.
			disableFollowRedirect: true,
			sendCredentialsOnCrossOriginRedirect: false,
		},
		rules: [
			...REDIRECT_STATUSES.map((status) => ({
				type: 'responseCode' as const,
				properties: {
					value: status,
					message: `The IS74 API redirected the test to another address (HTTP ${status}); the token is never sent there. If that address is the right one, set it as the Base URL.`,
				},
			})),
			{ type: 'responseCode', properties: { value: 401, message: 'The IS74 API rejected the token (HTTP 401).' } },
			{ type: 'responseCode', properties: { value: 403, message: 'The IS74 API refused this account access (HTTP 403).' } },
			{ type: 'responseCode', properties: { value: 404, message: 'No IS74 API at this Base URL (HTTP 404). Check the Base URL.' } },
			...[400, 422].map((status) => ({
				type: 'responseCode' as const,
				properties: {
					value: status,
					message: `The IS74 API accepted the token and refused only the test's sample request (HTTP ${status}: it asks for project 0). The credential can be used.`,
				},
			})),
		],
	};
}
