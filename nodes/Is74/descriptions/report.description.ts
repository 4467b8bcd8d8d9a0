/**
 * Report parameters shared by IS74 Analytics and IS74 Trigger: which campaign (project, scenario,
 * start block, campaign IDs) and which columns, and the code that reads the columns.
 */
import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import type { ReportColumn } from '../domain/apiContract';
import { columnsFromJson, columnsFromList, type ColumnListEntry, type ReportSettingsInput } from '../domain/reportRequest';

/** Adds conditions to a node's display options (or makes some, for a node without resources). */
export function withShow(base: IDisplayOptions | undefined, extra: NonNullable<IDisplayOptions['show']>): IDisplayOptions {
	return { ...base, show: { ...base?.show, ...extra } };
}

export function reportTargetProperties(displayOptions?: IDisplayOptions): INodeProperties[] {
	return [
		{
			displayName: 'Project ID',
			name: 'projectId',
			type: 'number',
			required: true,
			default: 0,
			displayOptions,
			description: 'ID of your IS74 project, from your IS74 manager (path parameter project_id)',
		},
		{
			displayName: 'Scenario ID',
			name: 'scenarioId',
			type: 'number',
			required: true,
			default: 0,
			displayOptions,
			description: 'ID of the voice scenario (API field scenario_id)',
		},
		{
			displayName: 'Scenario Start Block ID',
			name: 'startBlockId',
			type: 'number',
			required: true,
			default: 0,
			displayOptions,
			description: 'ID of the scenario start block (API field start_block_id)',
		},
		{
			displayName: 'Campaign ID',
			name: 'campaignId',
			type: 'number',
			required: true,
			default: 0,
			displayOptions,
			description: 'The campaign whose results you want (API field outgoing_campaign_id), for example the campaignId output of an IS74 Campaign node',
		},
	];
}

/**
 * The report's columns as the editor's list, loaded by methods/loadOptions.ts and loaded again when
 * a field the request needs changes.
 */
export const COLUMN_LIST = {
	loadOptionsMethod: 'getReportColumns',
	loadOptionsDependsOn: ['projectId', 'scenarioId', 'startBlockId', 'campaignId'],
};

export function reportColumnProperties(displayOptions?: IDisplayOptions): INodeProperties[] {
	return [
		{
			displayName: 'Define Columns',
			name: 'columnsMode',
			type: 'options',
			options: [
				{ name: 'Using Fields Below', value: 'list', description: 'Pick columns, filters and sorting one by one' },
				{ name: 'Using JSON', value: 'json', description: 'Paste the API\'s own "columns" array' },
			],
			default: 'list',
			displayOptions,
			description: 'Which result columns to return, with optional filter and sorting. No columns means all columns.',
		},
		{
			displayName: 'Columns',
			name: 'columns',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true, sortable: true },
			placeholder: 'Add Column',
			default: {},
			displayOptions: withShow(displayOptions, { columnsMode: ['list'] }),
			options: [
				{
					displayName: 'Column',
					name: 'column',
					values: [
						{
							displayName: 'Column Type',
							name: 'columnType',
							type: 'string',
							default: 'field',
							description: 'Kind of column (API field column_type)',
						},
						{
							displayName: 'Data Type',
							name: 'dataType',
							type: 'options',
							options: [
								{ name: 'Datetime', value: 'datetime' },
								{ name: 'Dialog', value: 'dialog' },
								{ name: 'Goal', value: 'goal' },
								{ name: 'Not Set', value: 'none' },
								{ name: 'Number', value: 'number' },
								{ name: 'Text', value: 'text' },
							],
							default: 'none',
							description: 'Type of the column. Without a Name, all columns of this type are returned (API field data_type).',
						},
						{
							displayName: 'Display Name',
							name: 'displayName',
							type: 'string',
							default: '',
							placeholder: 'Phone Number',
							description: 'Human label (API field display_name)',
						},
						{
							displayName: 'Filter',
							name: 'filterType',
							type: 'options',
							options: [
								{ name: 'Contains', value: 'contains' },
								{ name: 'Ends With', value: 'ends_with' },
								{ name: 'Equal', value: 'equal' },
								{ name: 'Is Empty', value: 'is_empty' },
								{ name: 'Is Not Empty', value: 'not_empty' },
								{ name: 'Is Not True', value: 'not_true' },
								{ name: 'Is True', value: 'is_true' },
								{ name: 'None', value: 'none' },
								{ name: 'Starts With', value: 'starts_with' },
							],
							default: 'none',
							description: 'Keep only the rows whose value passes (API field filter_type)',
						},
						{
							displayName: 'Filter Value',
							name: 'filterValue',
							type: 'string',
							default: '',
							displayOptions: { show: { filterType: ['equal', 'contains', 'starts_with', 'ends_with'] } },
							description: 'The value compared against (API field filter_value)',
						},
						{
							displayName: 'ID',
							name: 'id',
							type: 'number',
							default: 0,
							description: 'Column ID (API field ID). 0 leaves it out.',
						},
						{
							displayName: 'Name',
							name: 'name',
							type: 'options',
							typeOptions: COLUMN_LIST,
							// A name typed before the list existed, or one the list lacks, is kept and sent as it is.
							allowArbitraryValues: true,
							default: '',
							description: 'The column (API field name). Choose from the list the API gives for the campaign above, or specify a name, for example phone_number, using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
						},
						{
							displayName: 'Sorting',
							name: 'sorting',
							type: 'options',
							options: [
								{ name: 'Ascending', value: 'asc' },
								{ name: 'Descending', value: 'desc' },
								{ name: 'None', value: 'none' },
							],
							default: 'none',
							description: 'Sort the rows by this column (API field sorting)',
						},
					],
				},
			],
		},
		{
			displayName: 'Columns (JSON)',
			name: 'columnsJson',
			type: 'json',
			default: '[\n  {"name": "phone_number", "display_name": "Phone Number", "column_type": "field", "data_type": "text"}\n]',
			displayOptions: withShow(displayOptions, { columnsMode: ['json'] }),
			description: 'The "columns" array exactly as the API takes it',
		},
	];
}

/** How output rows are keyed: by the API's field names, or by the columns' display names. */
export function keyRowsByOption(displayOptions?: IDisplayOptions): INodeProperties {
	return {
		displayName: 'Key Rows By',
		name: 'keyBy',
		type: 'options',
		options: [
			{ name: 'Field Name', value: 'field', description: 'For example phone_number' },
			{ name: 'Display Name', value: 'displayName', description: 'For example "Phone Number": handy for spreadsheets' },
		],
		default: 'field',
		displayOptions,
	};
}

/** Reads a parameter of the current item (or of the trigger). */
type ParameterReader = (name: string, fallback?: unknown) => unknown;

/** The campaign whose report is asked for, as configured (validated when the request is built). */
export function readReportTarget(get: ParameterReader): Pick<ReportSettingsInput, 'projectId' | 'scenarioId' | 'startBlockId' | 'campaignId'> {
	return { projectId: get('projectId'), scenarioId: get('scenarioId'), startBlockId: get('startBlockId'), campaignId: get('campaignId') };
}

/** The columns as configured, validated; `get` reads a parameter of the current item. */
export function readReportColumns(get: ParameterReader): ReportColumn[] {
	if (get('columnsMode') === 'json') return columnsFromJson(get('columnsJson'));
	return columnsFromList(get('columns.column', []) as ColumnListEntry[]);
}
