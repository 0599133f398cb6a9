import { parseEstimate, PRIORITIES, type Priority, type Ticket, type TicketStatus } from '@nx-tickets/core';

/** The fields of a GitHub issue the source reads (GitHub's JSON, narrowed). */
export interface IssueJson {
  number: number;
  title: string;
  body?: string | null;
  state: string;
  html_url: string;
  labels: Array<string | { name?: string | null }>;
  milestone?: { title: string } | null;
  assignees?: Array<{ login: string }> | null;
  pull_request?: unknown;
}

/** How labels and body fields become ticket fields. */
export interface IssueMapping {
  /** Label → Nx project (config `labelProjects`); `project:NAME` labels always map to NAME. */
  labelProjects: Record<string, string>;
  /** Label prefix of estimates, e.g. `estimate:` (`estimate:2h`). */
  estimateLabelPrefix: string;
  minutesPerDay: number;
}

const DEPENDS = /\b(?:depends on|blocked by|requires)\s*:?\s*((?:#\d+(?:\s*,\s*|\s+and\s+|\s+)?)+)/gi;

/** `#N` keys named by "Depends on #12", "Blocked by #12, #13" lines of an issue body. Pure. */
export function parseDependsOn(body: string): string[] {
  const keys = new Set<string>();
  for (const match of body.matchAll(DEPENDS)) for (const n of (match[1] as string).matchAll(/#(\d+)/g)) keys.add(`#${n[1]}`);
  return [...keys];
}

/**
 * A GitHub issue as a {@link Ticket} (key `#N`): closed → `done`, a `blocked` label → `blocked`,
 * an `in progress` label → `in-progress`, else `ready`; type from `bug`/`documentation`/`type:X`
 * labels (default `feature`); priority from `priority:X` labels; estimate from an `estimate:2h`
 * label or an `Estimate: 2h` body line; projects from `project:NAME` labels and `labelProjects`;
 * `dependsOn` from the body plus `blockedBy` (GitHub's issue dependencies); sprint = milestone title.
 * Pure.
 */
export function mapIssue(issue: IssueJson, mapping: IssueMapping, extra: { blockedBy?: number[]; epic?: string } = {}): Ticket {
  const labels = issue.labels.map((l) => (typeof l === 'string' ? l : (l.name ?? ''))).filter(Boolean);
  const lower = labels.map((l) => l.toLowerCase());
  const body = issue.body ?? '';
  const estimateText = labels.find((l) => l.toLowerCase().startsWith(mapping.estimateLabelPrefix.toLowerCase()))?.slice(mapping.estimateLabelPrefix.length) ?? /^\s*estimate\s*:\s*(\S+)\s*$/im.exec(body)?.[1];
  const estimateMinutes = estimateText === undefined ? undefined : parseEstimate(estimateText, mapping.minutesPerDay);
  const priority = lower.map((l) => /^priority[:/ ]\s*(\w+)$/.exec(l)?.[1]).find((p): p is Priority => PRIORITIES.includes(p as Priority)) ?? 'medium';
  const projects = new Set<string>();
  for (const label of labels) {
    const named = /^project:(.+)$/i.exec(label)?.[1]?.trim();
    if (named) projects.add(named);
    const mapped = mapping.labelProjects[label];
    if (mapped) projects.add(mapped);
  }
  const dependsOn = new Set([...parseDependsOn(body), ...(extra.blockedBy ?? []).map((n) => `#${n}`)]);
  dependsOn.delete(`#${issue.number}`);
  return {
    key: `#${issue.number}`,
    title: issue.title,
    type: lower.includes('bug') ? 'bug' : lower.includes('documentation') ? 'docs' : (lower.map((l) => /^type:(.+)$/.exec(l)?.[1]).find(Boolean) ?? 'feature'),
    status: statusOf(issue.state, lower),
    priority,
    ...(estimateMinutes !== undefined ? { estimateMinutes } : {}),
    ...(extra.epic ? { epic: extra.epic } : {}),
    ...(issue.milestone ? { sprint: issue.milestone.title } : {}),
    dependsOn: [...dependsOn].sort(),
    files: [],
    projects: [...projects].sort(),
    resources: {},
    description: body,
    ...(issue.assignees?.[0] ? { assignee: issue.assignees[0].login } : {}),
    origin: issue.html_url,
    source: 'github',
  };
}

function statusOf(state: string, labels: readonly string[]): TicketStatus {
  if (state === 'closed') return 'done';
  if (labels.includes('blocked')) return 'blocked';
  if (labels.includes('in progress') || labels.includes('in-progress')) return 'in-progress';
  return 'ready';
}
