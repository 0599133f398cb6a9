import type { JiraFixture, JiraIssueFixture, JiraStatusCategoryKey } from './jira-fixture.js';

/** What the local Jira needs to evaluate a query. */
export interface JqlContext {
  fixture: JiraFixture;
  categoryOf(issue: JiraIssueFixture): JiraStatusCategoryKey;
}

/** Matching keys in `ORDER BY key` order, or Jira's 400 error message. */
export type JqlResult = { keys: string[] } | { error: string };

const unquote = (value: string): string => value.trim().replace(/^(["'])(.*)\1$/, '$2');
const list = (value: string): string[] => {
  const inner = /^\((.*)\)$/.exec(value.trim())?.[1];
  return (inner === undefined ? [value] : inner.split(',')).map(unquote).filter((v) => v !== '');
};
const keyNumber = (key: string): number => Number(key.split('-')[1] ?? 0);

/**
 * A small JQL evaluator for the clauses nx-tickets sends, joined by `AND`: `key in (…)`, `key =`,
 * `parent =`, `"Epic Link" =`, `project =`, `sprint in openSprints()`, `sprint = ID|"NAME"`,
 * `sprint in (…)`, `statusCategory = / != X`, and a trailing `ORDER BY …` (always by key).
 * Errors carry Jira Cloud's messages: unknown issue keys, projects, sprints and fields, and a
 * syntax error for anything else. Not a JQL parser: a test double of one.
 */
export function evaluateJql(jql: string, context: JqlContext): JqlResult {
  const { fixture } = context;
  const where = jql.replace(/\s+ORDER\s+BY\s+.*$/i, '').trim();
  if (where === '') return { error: 'The JQL query is empty; nx-tickets always sends a bounded query.' };
  let issues = [...fixture.issues];
  const missingKeys: string[] = [];
  for (const clause of where.split(/\s+AND\s+/i)) {
    const match = /^("[^"]+"|[\w[\]]+)\s*(=|!=|\bin\b|\bnot in\b)\s*(.+)$/i.exec(clause.trim());
    if (!match) return { error: `Error in the JQL Query: Expecting operator but got '${clause.trim()}'.` };
    const field = unquote(match[1] as string).toLowerCase();
    const operator = (match[2] as string).toLowerCase();
    const values = list(match[3] as string);
    const negate = operator === '!=' || operator === 'not in';
    const keep = (test: (issue: JiraIssueFixture) => boolean) => {
      issues = issues.filter((issue) => test(issue) !== negate);
    };
    if (field === 'key' || field === 'issuekey') {
      for (const key of values) if (!fixture.issues.some((i) => i.key === key)) missingKeys.push(key);
      keep((issue) => values.includes(issue.key));
    } else if (field === 'parent') {
      keep((issue) => issue.parent !== undefined && values.includes(issue.parent));
    } else if (field === 'epic link' || field === 'cf[10014]') {
      if (fixture.epicLinkField === false) return { error: "Field 'Epic Link' does not exist or you do not have permission to view it." };
      keep((issue) => issue.epicLink !== undefined && values.includes(issue.epicLink));
    } else if (field === 'project') {
      const unknown = values.find((v) => !fixture.projects.some((p) => p.key === v.toUpperCase() || p.name === v));
      if (unknown) return { error: `The value '${unknown}' does not exist for the field 'project'.` };
      keep((issue) => values.some((v) => issue.key.startsWith(`${v.toUpperCase()}-`)));
    } else if (field === 'sprint') {
      const sprints = fixture.sprints ?? [];
      let ids: number[];
      if (/^openSprints\(\)$/i.test((match[3] as string).trim())) {
        ids = sprints.filter((s) => s.state !== 'closed').map((s) => s.id);
      } else {
        ids = [];
        for (const value of values) {
          const sprint = sprints.find((s) => String(s.id) === value || s.name === value);
          if (!sprint) return { error: `Sprint with name '${value}' does not exist or you do not have permission to view it.` };
          ids.push(sprint.id);
        }
      }
      keep((issue) => (issue.sprints ?? []).some((id) => ids.includes(id)));
    } else if (field === 'statuscategory') {
      const wanted = values.map((v) => ({ 'to do': 'new', 'in progress': 'indeterminate', done: 'done' })[v.toLowerCase()] ?? v.toLowerCase());
      keep((issue) => wanted.includes(context.categoryOf(issue)));
    } else {
      return { error: `Field '${match[1]}' does not exist or you do not have permission to view it.` };
    }
  }
  if (missingKeys.length > 0) return { error: missingKeys.map((key) => `An issue with key '${key}' does not exist for field 'key'.`).join('\n') };
  return { keys: issues.map((i) => i.key).sort((a, b) => (a.split('-')[0] ?? '').localeCompare(b.split('-')[0] ?? '') || keyNumber(a) - keyNumber(b)) };
}
