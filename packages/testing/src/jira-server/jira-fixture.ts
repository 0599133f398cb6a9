/**
 * The data a local Jira serves: projects with their workflows, boards, sprints, users and issues.
 * Written by tests; the server renders it in Jira Cloud's REST shapes (platform v3, agile 1.0).
 */

/** A node of an Atlassian Document Format (ADF) tree, as Jira stores descriptions and comments. */
export interface AdfNode {
  type: string;
  text?: string;
  attrs?: Record<string, unknown>;
  marks?: { type: string; attrs?: Record<string, unknown> }[];
  content?: AdfNode[];
}

/** Jira's three status categories (`/rest/api/3/statuscategory`). */
export type JiraStatusCategoryKey = 'new' | 'indeterminate' | 'done';

/** A project's workflow: its statuses and the transitions between them (names differ from statuses). */
export interface JiraWorkflowFixture {
  statuses: { id: string; name: string; category: JiraStatusCategoryKey }[];
  /** `from` omitted: a global transition, available from every other status. */
  transitions: { id: string; name: string; to: string; from?: string[] }[];
}

/** A project. `team-managed` epics are parents; `company-managed` ones use the Epic Link field. */
export interface JiraProjectFixture {
  key: string;
  id: string;
  name: string;
  style: 'team-managed' | 'company-managed';
  workflow: JiraWorkflowFixture;
}

/** A Jira user (Cloud identifies users by `accountId`). */
export interface JiraUserFixture {
  accountId: string;
  displayName: string;
}

/** A board and its sprints (agile API). Dates are ISO 8601 date-times. */
export interface JiraSprintFixture {
  id: number;
  name: string;
  state: 'active' | 'future' | 'closed';
  boardId: number;
  startDate?: string;
  endDate?: string;
}

/** A comment as stored by the server. */
export interface JiraCommentFixture {
  id: string;
  body: AdfNode;
  authorAccountId: string;
  created: string;
}

/** One issue. Links are written once, on the blocking issue (`blocks`); the server shows both sides. */
export interface JiraIssueFixture {
  key: string;
  summary: string;
  /** Issue type name: `Story`, `Bug`, `Task`, `Epic`, `Subtask`. Default `Task`. */
  type?: string;
  /** Status name from the project's workflow; default its first status. */
  status?: string;
  /** `Highest` … `Lowest`, or a custom scheme's name. Default `Medium`. */
  priority?: string;
  points?: number;
  originalEstimateSeconds?: number;
  labels?: string[];
  components?: string[];
  assignee?: JiraUserFixture;
  description?: AdfNode | null;
  /** Parent issue key (team-managed epics, or a subtask's parent). */
  parent?: string;
  /** Company-managed epic (the Epic Link field). */
  epicLink?: string;
  /** Sprint ids the issue is or was in. */
  sprints?: number[];
  /** Keys of issues this one blocks ("X blocks Y": Y depends on X). */
  blocks?: string[];
  /** Keys of issues this one relates to (not a dependency). */
  relatesTo?: string[];
  comments?: JiraCommentFixture[];
}

/** Everything a local Jira serves. */
export interface JiraFixture {
  projects: JiraProjectFixture[];
  issues: JiraIssueFixture[];
  boards?: { id: number; name: string; projectKey: string }[];
  sprints?: JiraSprintFixture[];
  /** Name of the story points field the site has (`Story point estimate` on new sites). */
  storyPointsFieldName?: string;
  /** Whether the site has the company-managed `Epic Link` field (default true). */
  epicLinkField?: boolean;
}

/** An ADF document of paragraphs, one per line of text. */
export function adfDocument(...paragraphs: string[]): AdfNode {
  return {
    type: 'doc',
    attrs: { version: 1 },
    content: paragraphs.map((text) => ({ type: 'paragraph', content: text === '' ? [] : [{ type: 'text', text }] })),
  } as AdfNode;
}

/** A team-managed style workflow: To Do → (Start work) → Doing → (Ship it) → Shipped. */
export const TEAM_WORKFLOW: JiraWorkflowFixture = {
  statuses: [
    { id: '10000', name: 'To Do', category: 'new' },
    { id: '10001', name: 'Doing', category: 'indeterminate' },
    { id: '10002', name: 'Shipped', category: 'done' },
  ],
  transitions: [
    { id: '11', name: 'Start work', to: 'Doing' },
    { id: '21', name: 'Ship it', to: 'Shipped' },
    { id: '31', name: 'Back to backlog', to: 'To Do' },
  ],
};

/** A company-managed style workflow: Open → (Begin) → In Progress → (Resolve) → Closed, plus Blocked. */
export const COMPANY_WORKFLOW: JiraWorkflowFixture = {
  statuses: [
    { id: '1', name: 'Open', category: 'new' },
    { id: '3', name: 'In Progress', category: 'indeterminate' },
    { id: '10100', name: 'Blocked', category: 'indeterminate' },
    { id: '6', name: 'Closed', category: 'done' },
  ],
  transitions: [
    { id: '4', name: 'Begin', to: 'In Progress', from: ['Open', 'Blocked'] },
    { id: '5', name: 'Resolve', to: 'Closed', from: ['In Progress'] },
    { id: '7', name: 'Hold', to: 'Blocked', from: ['Open', 'In Progress'] },
    { id: '8', name: 'Reopen', to: 'Open', from: ['Closed'] },
  ],
};
