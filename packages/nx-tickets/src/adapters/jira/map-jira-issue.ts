import type { Priority, Problem, SprintWindow, Ticket, TicketStatus } from '@nx-tickets/core';
import { describeUnsafePath, normaliseWorkspacePath } from '../../validation/describe-unsafe-path.js';
import { adfToText } from './adf-to-text.js';
import type { JiraFieldIds } from './read-jira-fields.js';
import type { JiraIssue } from './search-jira-issues.js';

/** The fields every search asks for, plus the custom ones found by {@link readJiraFields}. */
export function jiraFieldList(ids: JiraFieldIds): string[] {
  return [
    'summary', 'issuetype', 'status', 'priority', 'labels', 'components', 'assignee', 'description', 'issuelinks', 'parent', 'timetracking', 'timeoriginalestimate',
    ...[ids.storyPoints, ids.epicLink, ids.sprint].filter((id): id is string => id !== undefined),
  ];
}

/** What mapping needs besides the issue. */
export interface JiraMappingContext {
  /** Site URL, for `origin` (`<host>/browse/KEY`). */
  host: string;
  fields: JiraFieldIds;
  /** Component or label → Nx project (config `componentProjects`). */
  componentProjects: Readonly<Record<string, string>>;
  /** Sprint ids to name as the ticket's sprint when it is in several (the selected ones). */
  preferSprintIds?: ReadonlySet<string>;
}

/** A mapped issue: the ticket, the sprints its Sprint field names, and problems with its text. */
export interface MappedJiraIssue {
  ticket: Ticket;
  sprints: (SprintWindow & { state?: string })[];
  warnings: Problem[];
}

type Obj = Record<string, unknown>;
const obj = (value: unknown): Obj | undefined => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Obj) : undefined);
const str = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);
const arr = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

const PRIORITY_NAMES: Record<string, Priority> = {
  highest: 'highest', blocker: 'highest', critical: 'highest', urgent: 'highest',
  high: 'high', major: 'high',
  medium: 'medium', normal: 'medium',
  low: 'low', minor: 'low',
  lowest: 'lowest', trivial: 'lowest',
};

/** Status category `done` → done; a status named like "Blocked" → blocked; `indeterminate` → in-progress; else ready. */
function mapStatus(status: Obj | undefined): TicketStatus {
  const category = str(obj(status?.['statusCategory'])?.['key']);
  if (category === 'done') return 'done';
  if (/\bblocked\b/i.test(str(status?.['name']) ?? '')) return 'blocked';
  return category === 'indeterminate' ? 'in-progress' : 'ready';
}

/**
 * Keys this issue depends on: the other side of each `Blocks` link where this issue is the blocked
 * one. Jira shows a link on both issues: on the blocked issue the blocker is the `inwardIssue`
 * ("is blocked by X"); on the blocker the blocked issue is the `outwardIssue` ("blocks Y"), which
 * is not a dependency of the blocker.
 */
export function blockedBy(issueLinks: unknown): string[] {
  const keys: string[] = [];
  for (const link of arr(issueLinks)) {
    const l = obj(link);
    const type = obj(l?.['type']);
    const isBlocks = str(type?.['name'])?.toLowerCase() === 'blocks' || str(type?.['inward'])?.toLowerCase() === 'is blocked by';
    const key = str(obj(l?.['inwardIssue'])?.['key']);
    if (isBlocks && key) keys.push(key);
  }
  return [...new Set(keys)];
}

/**
 * Paths of a `Files:` list in the description: `Files: a.ts, libs/x/**` on one line, and/or `- path`
 * bullet lines right below it (blank lines between are skipped). Paths that leave the workspace are dropped with a warning.
 */
export function findFilesList(text: string, warn: (message: string) => void): string[] {
  const lines = text.split('\n');
  const files: string[] = [];
  const add = (raw: string) => {
    const path = raw.trim().replace(/^[`'"]+|[`'"]+$/g, '');
    if (path === '') return;
    const reason = describeUnsafePath(path);
    if (reason) warn(`Files: ${JSON.stringify(path)} ${reason}; it is ignored`);
    else files.push(normaliseWorkspacePath(path));
  };
  for (let i = 0; i < lines.length; i += 1) {
    const match = /^\s*files:\s*(.*)$/i.exec(lines[i] as string);
    if (!match) continue;
    for (const item of (match[1] as string).split(',')) add(item);
    for (let j = i + 1; j < lines.length; j += 1) {
      if ((lines[j] as string).trim() === '') continue;
      const bullet = /^\s*[-*•]\s+(.+)$/.exec(lines[j] as string);
      if (!bullet) break;
      add(bullet[1] as string);
      i = j;
    }
  }
  return [...new Set(files)];
}

function mapSprints(value: unknown): (SprintWindow & { state?: string })[] {
  return arr(value).flatMap((item) => {
    const s = obj(item);
    const name = str(s?.['name']);
    if (!s || !name) return [];
    const start = str(s['startDate'])?.slice(0, 10);
    const end = str(s['endDate'])?.slice(0, 10);
    const state = str(s['state']);
    return [{ name, id: String(s['id']), ...(start ? { start } : {}), ...(end ? { end } : {}), ...(state ? { state } : {}) }];
  });
}

/** The sprint to name: a preferred (selected) one, else the active one, else a future one, else the last. */
function pickSprint(sprints: (SprintWindow & { state?: string })[], prefer: ReadonlySet<string> | undefined): string | undefined {
  return (sprints.find((s) => s.id !== undefined && prefer?.has(s.id)) ?? sprints.find((s) => s.state === 'active') ?? sprints.find((s) => s.state === 'future') ?? sprints.at(-1))?.name;
}

/**
 * Map one Jira issue to a {@link Ticket}: summary → title; issue type → type (lower case, `-` for
 * spaces); status category → status; priority by name; story points; original estimate (seconds)
 * → minutes; parent epic or `Epic Link` → epic; Sprint field → sprint; `Blocks` links → dependsOn
 * (see {@link blockedBy}); components via `componentProjects` → projects, other components and
 * labels → labels (projects only when one has exactly that name); assignee display name; ADF
 * description → plain text, with its `Files:` list → files. Pure; the issue is untrusted.
 */
export function mapJiraIssue(issue: JiraIssue, context: JiraMappingContext): MappedJiraIssue {
  const f = issue.fields;
  const warnings: Problem[] = [];
  const warn = (message: string) => warnings.push({ where: issue.key, field: 'description', ticket: issue.key, message });
  const description = adfToText(f['description']);
  const components = arr(f['components']).map((c) => str(obj(c)?.['name'])).filter((c): c is string => c !== undefined);
  const labels = arr(f['labels']).map(str).filter((l): l is string => l !== undefined);
  const projects: string[] = [];
  const rest: string[] = [];
  for (const name of [...components, ...labels]) {
    const mapped = context.componentProjects[name];
    if (mapped !== undefined) projects.push(mapped);
    else rest.push(name);
  }
  const parent = obj(f['parent']);
  const parentType = obj(obj(parent?.['fields'])?.['issuetype']);
  const parentIsEpic = parentType?.['hierarchyLevel'] === 1 || str(parentType?.['name'])?.toLowerCase() === 'epic';
  const epic = (parentIsEpic ? str(parent?.['key']) : undefined) ?? (context.fields.epicLink ? str(f[context.fields.epicLink]) : undefined);
  const sprints = context.fields.sprint ? mapSprints(f[context.fields.sprint]) : [];
  const sprint = pickSprint(sprints, context.preferSprintIds);
  const points = context.fields.storyPoints ? f[context.fields.storyPoints] : undefined;
  const seconds = obj(f['timetracking'])?.['originalEstimateSeconds'] ?? f['timeoriginalestimate'];
  const priority = PRIORITY_NAMES[str(obj(f['priority'])?.['name'])?.toLowerCase() ?? ''] ?? 'medium';
  const type = (str(obj(f['issuetype'])?.['name']) ?? 'task').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'task';
  const assignee = str(obj(f['assignee'])?.['displayName']);
  const ticket: Ticket = {
    key: issue.key,
    title: str(f['summary']) ?? issue.key,
    type,
    status: mapStatus(obj(f['status'])),
    priority,
    dependsOn: blockedBy(f['issuelinks']).filter((key) => key !== issue.key),
    files: findFilesList(description, warn),
    projects: [...new Set(projects)],
    resources: {},
    description,
    origin: `${context.host}/browse/${issue.key}`,
    source: 'jira',
    ...(rest.length > 0 ? { labels: [...new Set(rest)] } : {}),
    ...(typeof points === 'number' && points >= 0 ? { points } : {}),
    ...(typeof seconds === 'number' && seconds > 0 ? { estimateMinutes: Math.round(seconds / 60) } : {}),
    ...(epic ? { epic } : {}),
    ...(sprint ? { sprint } : {}),
    ...(assignee ? { assignee } : {}),
  };
  return { ticket, sprints, warnings };
}
