import type { JiraFixture, JiraIssueFixture, JiraProjectFixture, JiraStatusCategoryKey } from './jira-fixture.js';

/** Custom field ids of the local Jira (the ids Jira Cloud sites commonly have). */
export const JIRA_FIELD_IDS = { storyPoints: 'customfield_10016', epicLink: 'customfield_10014', sprint: 'customfield_10020' } as const;

const CATEGORIES: Record<JiraStatusCategoryKey, { id: number; key: string; name: string; colorName: string }> = {
  new: { id: 2, key: 'new', name: 'To Do', colorName: 'blue-gray' },
  indeterminate: { id: 4, key: 'indeterminate', name: 'In Progress', colorName: 'yellow' },
  done: { id: 3, key: 'done', name: 'Done', colorName: 'green' },
};
const PRIORITY_IDS: Record<string, string> = { Highest: '1', High: '2', Medium: '3', Low: '4', Lowest: '5' };
const TYPE_IDS: Record<string, string> = { Epic: '10000', Story: '10001', Task: '10002', Subtask: '10003', Bug: '10004' };

/** The project an issue belongs to (by key prefix). */
export function projectOf(fixture: JiraFixture, key: string): JiraProjectFixture {
  const project = fixture.projects.find((p) => key.startsWith(`${p.key}-`));
  if (!project) throw new Error(`local Jira fixture: issue ${key} has no project`);
  return project;
}

/** The status (name, id, category) an issue is in now. */
export function statusOf(fixture: JiraFixture, issue: JiraIssueFixture): { id: string; name: string; category: JiraStatusCategoryKey } {
  const { statuses } = projectOf(fixture, issue.key).workflow;
  const status = issue.status === undefined ? statuses[0] : statuses.find((s) => s.name === issue.status);
  if (!status) throw new Error(`local Jira fixture: ${issue.key} has status ${issue.status}, which its workflow lacks`);
  return status;
}

/** Jira's `status` field value. */
export function renderStatus(base: string, status: { id: string; name: string; category: JiraStatusCategoryKey }): object {
  const category = CATEGORIES[status.category];
  return { self: `${base}/rest/api/3/status/${status.id}`, id: status.id, name: status.name, statusCategory: { self: `${base}/rest/api/3/statuscategory/${category.id}`, ...category } };
}

function renderType(name: string): object {
  return { id: TYPE_IDS[name] ?? '10002', name, subtask: name === 'Subtask', hierarchyLevel: name === 'Epic' ? 1 : name === 'Subtask' ? -1 : 0 };
}

function issueId(fixture: JiraFixture, key: string): string {
  return String(10000 + fixture.issues.findIndex((i) => i.key === key));
}

/** A linked or parent issue as Jira embeds it: key, summary, status, type. */
function renderRef(base: string, fixture: JiraFixture, key: string): object {
  const issue = fixture.issues.find((i) => i.key === key);
  const id = issueId(fixture, key);
  if (!issue) return { id, key, self: `${base}/rest/api/3/issue/${id}` };
  return {
    id,
    key,
    self: `${base}/rest/api/3/issue/${id}`,
    fields: { summary: issue.summary, status: renderStatus(base, statusOf(fixture, issue)), issuetype: renderType(issue.type ?? 'Task') },
  };
}

const BLOCKS = { id: '10000', name: 'Blocks', inward: 'is blocked by', outward: 'blocks' };
const RELATES = { id: '10003', name: 'Relates', inward: 'relates to', outward: 'relates to' };

function renderLinks(base: string, fixture: JiraFixture, issue: JiraIssueFixture): object[] {
  const links: object[] = [];
  let n = 0;
  const link = (type: object, side: 'inwardIssue' | 'outwardIssue', key: string) => links.push({ id: `${issueId(fixture, issue.key)}${(n += 1)}`, type, [side]: renderRef(base, fixture, key) });
  for (const key of issue.blocks ?? []) link(BLOCKS, 'outwardIssue', key);
  for (const other of fixture.issues) if (other.blocks?.includes(issue.key)) link(BLOCKS, 'inwardIssue', other.key);
  for (const key of issue.relatesTo ?? []) link(RELATES, 'outwardIssue', key);
  for (const other of fixture.issues) if (other.relatesTo?.includes(issue.key)) link(RELATES, 'inwardIssue', other.key);
  return links;
}

function formatSeconds(seconds: number): string {
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.round((seconds % 3600) / 60);
  return [hours ? `${hours}h` : '', minutes ? `${minutes}m` : ''].join(' ').trim() || '0m';
}

/** Every field value of an issue, by field id. */
function allFields(base: string, fixture: JiraFixture, issue: JiraIssueFixture): Record<string, unknown> {
  const sprints = (issue.sprints ?? []).map((id) => (fixture.sprints ?? []).find((s) => s.id === id)).filter((s) => s !== undefined);
  const estimate = issue.originalEstimateSeconds;
  const priority = issue.priority ?? 'Medium';
  return {
    summary: issue.summary,
    issuetype: renderType(issue.type ?? 'Task'),
    status: renderStatus(base, statusOf(fixture, issue)),
    priority: { self: `${base}/rest/api/3/priority/${PRIORITY_IDS[priority] ?? '10000'}`, id: PRIORITY_IDS[priority] ?? '10000', name: priority },
    labels: issue.labels ?? [],
    components: (issue.components ?? []).map((name, i) => ({ self: `${base}/rest/api/3/component/${100 + i}`, id: String(100 + i), name })),
    assignee: issue.assignee ? { accountId: issue.assignee.accountId, displayName: issue.assignee.displayName, active: true, accountType: 'atlassian' } : null,
    description: issue.description ?? null,
    issuelinks: renderLinks(base, fixture, issue),
    parent: issue.parent === undefined ? undefined : renderRef(base, fixture, issue.parent),
    timetracking: estimate === undefined ? {} : { originalEstimate: formatSeconds(estimate), originalEstimateSeconds: estimate },
    timeoriginalestimate: estimate ?? null,
    project: (({ id, key, name }) => ({ id, key, name, self: `${base}/rest/api/3/project/${id}` }))(projectOf(fixture, issue.key)),
    [JIRA_FIELD_IDS.storyPoints]: issue.points ?? null,
    [JIRA_FIELD_IDS.epicLink]: fixture.epicLinkField === false ? undefined : (issue.epicLink ?? null),
    [JIRA_FIELD_IDS.sprint]: sprints.length === 0 ? null : sprints.map((s) => ({ id: s.id, name: s.name, state: s.state, boardId: s.boardId, goal: '', ...(s.startDate ? { startDate: s.startDate } : {}), ...(s.endDate ? { endDate: s.endDate } : {}) })),
  };
}

/**
 * An issue as Jira returns it (`IssueBean`): `id`, `key`, `self` and the requested `fields`
 * (comma-separated ids; `*all`/`*navigable` for all; none → only the id, like the enhanced search).
 */
export function renderIssue(base: string, fixture: JiraFixture, issue: JiraIssueFixture, fields: string[] | undefined): object {
  const id = issueId(fixture, issue.key);
  const values = allFields(base, fixture, issue);
  const wanted = fields === undefined || fields.length === 0 ? [] : fields.includes('*all') || fields.includes('*navigable') ? Object.keys(values) : fields;
  const picked: Record<string, unknown> = {};
  for (const field of wanted) if (values[field] !== undefined) picked[field] = values[field];
  return { expand: '', id, key: issue.key, self: `${base}/rest/api/3/issue/${id}`, ...(wanted.length > 0 ? { fields: picked } : {}) };
}

/** `GET /rest/api/3/field`: system fields plus the custom ones this site has. */
export function renderFields(fixture: JiraFixture): object[] {
  const system = ['summary', 'issuetype', 'status', 'priority', 'labels', 'components', 'assignee', 'description', 'issuelinks', 'parent', 'timetracking', 'timeoriginalestimate', 'project'];
  const custom = (id: string, name: string, type: string, custom: string) => ({
    id, key: id, name, custom: true, orderable: true, navigable: true, searchable: true,
    clauseNames: [`cf[${id.replace('customfield_', '')}]`, name],
    schema: { type, custom, customId: Number(id.replace('customfield_', '')) },
  });
  return [
    ...system.map((id) => ({ id, key: id, name: id[0]?.toUpperCase() + id.slice(1), custom: false, orderable: true, navigable: true, searchable: true, clauseNames: [id] })),
    custom(JIRA_FIELD_IDS.storyPoints, fixture.storyPointsFieldName ?? 'Story point estimate', 'number', 'com.atlassian.jira.plugin.system.customfieldtypes:float'),
    ...(fixture.epicLinkField === false ? [] : [custom(JIRA_FIELD_IDS.epicLink, 'Epic Link', 'any', 'com.pyxis.greenhopper.jira:gh-epic-link')]),
    custom(JIRA_FIELD_IDS.sprint, 'Sprint', 'array', 'com.pyxis.greenhopper.jira:gh-sprint'),
  ];
}
