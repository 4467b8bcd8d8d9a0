import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { API_PATHS } from '../nodes/Is74/domain/apiContract';
import { DEFAULT_BASE_URL } from '../nodes/Is74/domain/baseUrl';
// The transport's one entry point for the credential: the login, authentication, redirect statuses.
import { CREDENTIAL_TYPE, REDIRECT_STATUSES, authenticateRequest, logIn } from '../nodes/Is74/transport/credentialHooks';

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
	 * Login-and-password mode: fetches a token into the expirable `sessionToken` (n8n calls this when
	 * the token is empty, and again once after a 401). Access-token mode returns nothing to store.
	 */
	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		return await logIn(this.helpers, credentials);
	}

	/** Adds the Bearer token and the normalized base URL to every request the nodes make. */
	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		return authenticateRequest(credentials, requestOptions);
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
