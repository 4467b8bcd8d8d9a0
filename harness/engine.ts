/**
 * Runs workflows with n8n-core's real execution engine (WorkflowExecute), the way n8n's own node
 * tests do, but with real HTTP: requests leave through n8n's own request helpers and reach the
 * simulator on 127.0.0.1. The credentials helper follows n8n's CLI rules for preAuthentication:
 * an empty or expired expirable field triggers the credential's login, and the result is persisted.
 */
import { ExecutionLifecycleHooks, LoadOptionsContext, PollContext, WorkflowExecute } from 'n8n-core';
import {
	ICredentialsHelper,
	LoggerProxy,
	Workflow,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type ICredentials,
	type IDataObject,
	type IHttpRequestHelper,
	type IHttpRequestOptions,
	type INode,
	type INodeCredentialsDetails,
	type INodeExecutionData,
	type INodeParameters,
	type INodeProperties,
	type INodePropertyOptions,
	type INodeType,
	type INodeTypes,
	type IRun,
	type IRunExecutionData,
	type IWorkflowExecuteAdditionalData,
	type IConnections,
	type IVersionedNodeType,
	type NodeExecutionHint,
} from 'n8n-workflow';

import { CREDENTIAL_TYPE } from '../nodes/Is74/transport/context';
import { Is74Api } from '../credentials/Is74Api.credentials';
import { Is74Analytics } from '../nodes/Is74/Is74Analytics.node';
import { Is74Campaign } from '../nodes/Is74/Is74Campaign.node';
import { Is74Trigger } from '../nodes/Is74/Is74Trigger.node';

/** Everything n8n logs during the tests, kept for assertions (e.g. that no secret is logged). */
export const loggedLines: string[] = [];
const capture =
	(level: string) =>
	(message: string, meta?: object): void => {
		loggedLines.push(`${level} ${message} ${meta ? JSON.stringify(meta) : ''}`);
	};
LoggerProxy.init({ error: capture('error'), warn: capture('warn'), info: capture('info'), debug: capture('debug') } as never);

export const PACKAGE = 'n8n-nodes-is74';
export const CAMPAIGN_TYPE = `${PACKAGE}.is74Campaign`;
export const ANALYTICS_TYPE = `${PACKAGE}.is74Analytics`;
export const TRIGGER_TYPE = `${PACKAGE}.is74Trigger`;
/** The Campaign node as n8n offers it to AI agents: the same node under a type name ending in "Tool" (`@tool` is true). */
export const CAMPAIGN_TOOL_TYPE = `${CAMPAIGN_TYPE}Tool`;
export const ANALYTICS_TOOL_TYPE = `${ANALYTICS_TYPE}Tool`;
export const INPUT_TYPE = 'test.input';

/**
 * A node's AI-tool variant, made as n8n makes it: the type name gets "Tool" appended (so `@tool` display
 * options hold). It stays on main connections so the engine can run it; the agent's own call path is
 * covered by the e2e suite.
 */
export function toolVariant(node: INodeType): INodeType {
	node.description = { ...node.description, name: `${node.description.name}Tool`, displayName: `${node.description.displayName} Tool` };
	return node;
}

/** A start node that emits the given items (a stand-in for a trigger). */
function testInput(items: IDataObject[]): INodeType {
	return {
		description: {
			displayName: 'Test Input',
			name: 'input',
			group: ['trigger'],
			version: 1,
			description: 'Emits fixed items',
			defaults: { name: 'Test Input' },
			inputs: [],
			outputs: ['main'],
			properties: [],
		} as unknown as INodeType['description'],
		// The items are captured here rather than passed as a parameter: a parameter string starting
		// with "=" would be evaluated as an expression.
		async execute(): Promise<INodeExecutionData[][]> {
			return [items.map((json, index) => ({ json: structuredClone(json), pairedItem: { item: index } }))];
		},
	};
}

class TestNodeTypes implements INodeTypes {
	constructor(private readonly types: Record<string, INodeType>) {}

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		return this.getByNameAndVersion(nodeType);
	}

	getByNameAndVersion(nodeType: string): INodeType {
		const type = this.types[nodeType];
		if (!type) throw new Error(`Unknown node type ${nodeType}`);
		return type;
	}

	getKnownTypes() {
		return {};
	}
}

/** Stored credentials by type; `updates` records every write n8n makes (e.g. a fresh token). */
export class TestCredentialsHelper extends ICredentialsHelper {
	readonly updates: ICredentialDataDecryptedObject[] = [];

	constructor(
		private readonly types: Record<string, ICredentialType>,
		private readonly store: Map<string, ICredentialDataDecryptedObject>,
	) {
		super();
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(credentials: ICredentialDataDecryptedObject, typeName: string, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		const type = this.types[typeName];
		if (typeof type.authenticate === 'function') return await type.authenticate(credentials, requestOptions);
		return requestOptions;
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = this.types[typeName];
		const expirable = type.properties.find((property) => property.type === 'hidden' && property.typeOptions?.expirable === true);
		if (!expirable || typeof type.preAuthentication !== 'function') return undefined;
		if (credentials[expirable.name] !== '' && !credentialsExpired) return undefined;
		const output = await type.preAuthentication.call(helpers, credentials);
		if (output[expirable.name] === undefined) return undefined;
		if (node.credentials) {
			const stored = { ...this.store.get(typeName), ...output } as ICredentialDataDecryptedObject;
			this.store.set(typeName, stored);
			this.updates.push({ ...output } as ICredentialDataDecryptedObject);
		}
		return Object.assign(credentials, output);
	}

	async runPreAuthentication(helpers: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject, typeName: string): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = this.types[typeName];
		if (typeof type.preAuthentication !== 'function') return undefined;
		return (await type.preAuthentication.call(helpers, credentials)) as ICredentialDataDecryptedObject;
	}

	async getCredentials(): Promise<ICredentials> {
		throw new Error('not used by these tests');
	}

	async getDecrypted(_data: IWorkflowExecuteAdditionalData, _details: INodeCredentialsDetails, type: string): Promise<ICredentialDataDecryptedObject> {
		const stored = this.store.get(type);
		if (!stored) throw new Error(`No credential of type ${type} was given to the test`);
		// A copy, as decryption gives: changes reach the store only through updateCredentials.
		return structuredClone(stored);
	}

	async updateCredentials(_details: INodeCredentialsDetails, type: string, data: ICredentialDataDecryptedObject): Promise<void> {
		this.store.set(type, { ...data });
	}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(type: string): INodeProperties[] {
		return this.types[type].properties;
	}
}

/** The IS74 credential as n8n would store it, and a helper that reads and updates it. */
function credentialsFor(credential: ICredentialDataDecryptedObject) {
	const store = new Map<string, ICredentialDataDecryptedObject>([[CREDENTIAL_TYPE, { ...credential }]]);
	return { store, credentialsHelper: new TestCredentialsHelper({ [CREDENTIAL_TYPE]: new Is74Api() }, store) };
}

export interface NodeSpec {
	name?: string;
	type?: string;
	parameters: INode['parameters'];
	continueOnFail?: boolean;
}

export interface RunOptions {
	/** Items emitted by the start node. */
	items: IDataObject[];
	/** The node(s) under test, chained after the start node in this order. */
	nodes: NodeSpec[];
	credential: ICredentialDataDecryptedObject;
	timezone?: string;
	/** The workflow's static data at the start (a JSON copy of a saved one: as if loaded from the database). */
	staticData?: IDataObject;
	/**
	 * Instead, a live static data object, not copied: runs started together with the same object share
	 * it, as the tool calls one AI agent makes at once share their execution's workflow.
	 */
	sharedStaticData?: IDataObject;
	/** More node types the workflow may use, by type name (the benchmark's hand-written node). */
	nodeTypes?: Record<string, INodeType>;
}

export interface RunResult {
	run: IRun;
	/** Items each node output on its first run (main output 0). */
	output: Record<string, INodeExecutionData[]>;
	/** The execution hints each node gave on its first run (what the editor shows above its output). */
	hints: Record<string, NodeExecutionHint[]>;
	/** The workflow error, if the run failed. */
	error?: IRun['data']['resultData']['error'];
	credentials: TestCredentialsHelper;
	storedCredential: ICredentialDataDecryptedObject | undefined;
	/** The workflow's static data at the end, as n8n would save it (a JSON copy). */
	staticData: IDataObject;
}

export const DEFAULT_TIMEZONE = 'Asia/Yekaterinburg';

export async function runWorkflow(options: RunOptions): Promise<RunResult> {
	const nodeTypes = new TestNodeTypes({
		[INPUT_TYPE]: testInput(options.items),
		[CAMPAIGN_TYPE]: new Is74Campaign(),
		[CAMPAIGN_TOOL_TYPE]: toolVariant(new Is74Campaign()),
		[ANALYTICS_TYPE]: new Is74Analytics(),
		[ANALYTICS_TOOL_TYPE]: toolVariant(new Is74Analytics()),
		...options.nodeTypes,
	});
	const { store, credentialsHelper } = credentialsFor(options.credential);

	const start: INode = {
		id: 'input',
		name: 'Test Input',
		type: INPUT_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const nodes: INode[] = [start];
	const connections: IConnections = {};
	let previous = start.name;
	options.nodes.forEach((spec, index) => {
		const name = spec.name ?? (spec.type === ANALYTICS_TYPE ? 'IS74 Analytics' : spec.type === CAMPAIGN_TOOL_TYPE ? 'IS74 Campaign Tool' : 'IS74 Campaign');
		nodes.push({
			id: `node-${index}`,
			name,
			type: spec.type ?? CAMPAIGN_TYPE,
			typeVersion: 1,
			position: [200 * (index + 1), 0],
			parameters: spec.parameters,
			credentials: { [CREDENTIAL_TYPE]: { id: 'cred-1', name: 'IS74 test' } },
			...(spec.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
		});
		connections[previous] = { main: [[{ node: name, type: 'main', index: 0 }]] };
		previous = name;
	});

	const settings = { timezone: options.timezone ?? DEFAULT_TIMEZONE };
	const staticData = options.sharedStaticData ?? (options.staticData === undefined ? undefined : (JSON.parse(JSON.stringify(options.staticData)) as IDataObject));
	const workflow = new Workflow({ id: 'test', name: 'test', nodes, connections, active: false, nodeTypes, settings, staticData });
	const hooks = new ExecutionLifecycleHooks('manual', 'test-execution', {
		id: 'test',
		name: 'test',
		active: false,
		activeVersionId: null,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
		nodes,
		connections,
		settings,
	});
	let finished: IRun | undefined;
	hooks.addHandler('workflowExecuteAfter', (run) => {
		finished = run;
	});
	const additionalData = {
		credentialsHelper,
		hooks,
		currentNodeParameters: undefined,
		executionTimeoutTimestamp: undefined,
		restApiUrl: 'http://127.0.0.1/rest',
		instanceBaseUrl: 'http://127.0.0.1/',
		webhookBaseUrl: 'http://127.0.0.1/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1/webhook-test',
		formWaitingBaseUrl: 'http://127.0.0.1/form-waiting',
		variables: {},
		userId: 'test-user',
	} as unknown as IWorkflowExecuteAdditionalData;

	const runExecutionData: IRunExecutionData = {
		version: 1,
		startData: {},
		resultData: { runData: {} },
		executionData: {
			contextData: {},
			metadata: {},
			waitingExecution: {},
			waitingExecutionSource: null,
			nodeExecutionStack: [{ node: start, data: { main: [[{ json: {} }]] }, source: null }],
		},
	} as unknown as IRunExecutionData;
	const execution = new WorkflowExecute(additionalData, 'manual', runExecutionData);
	const run = (await execution.processRunExecutionData(workflow)) ?? finished;
	if (!run) throw new Error('The workflow did not finish');

	const output: Record<string, INodeExecutionData[]> = {};
	const hints: Record<string, NodeExecutionHint[]> = {};
	for (const [name, runs] of Object.entries(run.data.resultData.runData)) {
		output[name] = runs[0]?.data?.main?.[0] ?? [];
		hints[name] = runs[0]?.hints ?? [];
	}
	return {
		run,
		output,
		hints,
		error: run.data.resultData.error,
		credentials: credentialsHelper,
		storedCredential: store.get(CREDENTIAL_TYPE),
		staticData: JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject,
	};
}

export interface PollOptions {
	parameters: INode['parameters'];
	credential: ICredentialDataDecryptedObject;
	/** The trigger's version (1 unless a test says otherwise). */
	typeVersion?: number;
	/** The node's static data from an earlier poll (a JSON copy: as if n8n restarted). */
	staticData?: IDataObject;
	mode?: 'trigger' | 'manual';
	timezone?: string;
	/** What the context's getPollBudgetMs gives (n8n's durable scheduler: its poll timeout less 20%). */
	pollBudgetMs?: number;
}

export interface PollResult {
	items: INodeExecutionData[] | null;
	error?: Error;
	/** The node's static data after the poll, as n8n would persist it. */
	staticData: IDataObject;
	/** What the node logged as warnings (n8n's log). */
	warnings: string[];
}

/** One poll of the IS74 Trigger through n8n-core's own PollContext. */
export async function pollTrigger(options: PollOptions): Promise<PollResult> {
	const nodeTypes = new TestNodeTypes({ [TRIGGER_TYPE]: new Is74Trigger() });
	const { credentialsHelper } = credentialsFor(options.credential);
	const node: INode = {
		id: 'trigger',
		name: 'IS74 Trigger',
		type: TRIGGER_TYPE,
		typeVersion: options.typeVersion ?? 1,
		position: [0, 0],
		parameters: options.parameters,
		credentials: { [CREDENTIAL_TYPE]: { id: 'cred-1', name: 'IS74 test' } },
	};
	const staticData = structuredClone(options.staticData ?? {});
	const workflow = new Workflow({
		id: 'poll',
		name: 'poll',
		nodes: [node],
		connections: {},
		active: true,
		nodeTypes,
		settings: { timezone: options.timezone ?? DEFAULT_TIMEZONE },
		staticData: { [`node:${node.name}`]: staticData },
	});
	const additionalData = { credentialsHelper, variables: {}, userId: 'test-user' } as unknown as IWorkflowExecuteAdditionalData;
	const context = new PollContext(workflow, node, additionalData, options.mode ?? 'trigger', 'activate');
	const warnings: string[] = [];
	const ignore = () => undefined;
	Object.defineProperty(context, 'logger', { value: { warn: (message: string) => warnings.push(message), error: ignore, info: ignore, debug: ignore } });
	if (options.pollBudgetMs !== undefined) Object.assign(context, { getPollBudgetMs: () => options.pollBudgetMs });
	try {
		const items = await new Is74Trigger().poll.call(context);
		return { items: items?.[0] ?? null, staticData: JSON.parse(JSON.stringify(workflow.getStaticData('node', node))), warnings };
	} catch (error) {
		return { items: null, error: error as Error, staticData: JSON.parse(JSON.stringify(workflow.getStaticData('node', node))), warnings };
	}
}

export interface LoadOptionsRequest {
	/** ANALYTICS_TYPE or TRIGGER_TYPE. */
	type: string;
	typeVersion?: number;
	/** The load-options method's name, as the description gives it. */
	method: string;
	/** Where the list is, as the editor names it (e.g. `parameters.columns.column[0].name`). */
	path: string;
	/** The node's parameters as the editor sends them (its expressions already worked out). */
	parameters: INodeParameters;
	credential: ICredentialDataDecryptedObject;
	timezone?: string;
}

/**
 * One list the editor asks for, as n8n's server answers it: a temporary workflow holding the node with
 * the editor's parameters and credential, n8n-core's own LoadOptionsContext, the node's method.
 */
export async function loadOptions(options: LoadOptionsRequest): Promise<INodePropertyOptions[]> {
	const nodeTypes = new TestNodeTypes({ [ANALYTICS_TYPE]: new Is74Analytics(), [TRIGGER_TYPE]: new Is74Trigger() });
	const { credentialsHelper } = credentialsFor(options.credential);
	const node: INode = {
		id: 'temp-node',
		name: 'Temp-Node',
		type: options.type,
		typeVersion: options.typeVersion ?? 1,
		position: [0, 0],
		parameters: options.parameters,
		credentials: { [CREDENTIAL_TYPE]: { id: 'cred-1', name: 'IS74 test' } },
	};
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes,
		settings: { timezone: options.timezone ?? DEFAULT_TIMEZONE },
	});
	const additionalData = { credentialsHelper, currentNodeParameters: options.parameters, variables: {}, userId: 'test-user' } as unknown as IWorkflowExecuteAdditionalData;
	const context = new LoadOptionsContext(workflow, node, additionalData, options.path);
	const method = nodeTypes.getByNameAndVersion(options.type).methods?.loadOptions?.[options.method];
	if (!method) throw new Error(`${options.type} has no load-options method ${options.method}`);
	return await method.call(context);
}
