import micromatch from 'micromatch';
import type { Plan } from '../planning/plan.js';
import type { RunRelation, RunState, StepFailure, TicketRunStatus } from '../run/run-state.js';
import { summarizeRun, type RunSummary } from '../run/summarize-run.js';
import { buildRunTimeline, type RunTimeline, type TimelineEvent } from './build-timeline.js';
import { parseVerifyLog, tailLog, type VerifiedTask } from './parse-verify-log.js';

/** One step log of a ticket as read from `logs/<KEY>/<step>.log` (the tail of it is enough). */
export interface StepLog {
  step: string;
  text: string;
}

/** Input of {@link buildRunReport}. */
export interface BuildRunReportInput {
  state: RunState;
  /** The lines of `events.jsonl`. */
  events: readonly TimelineEvent[];
  /** The plan the run started from (`plan.json`), when the run kept it. */
  plan?: Plan;
  /** Step logs per ticket key. */
  logs?: Readonly<Record<string, readonly StepLog[]>>;
  /** Clock reading, ms since the epoch (closes unfinished bars and durations). */
  now: number;
  /** Most lines and characters kept of each log excerpt (default 40 lines, 4000 characters). */
  logTail?: { lines: number; chars: number };
}

/** What the report shows of one ticket. Times in ms since the epoch, durations in ms. */
export interface TicketReport {
  key: string;
  title: string;
  type?: string;
  points?: number;
  status: TicketRunStatus;
  branch: string;
  /** Planned estimate, minutes, and where it came from. */
  estimateMinutes: number;
  estimateSource?: string;
  /** From start to built (or to the failure), ms. */
  durationMs: number;
  startedAt?: number;
  builtAt?: number;
  finishedAt?: number;
  /** Owning projects (plan) and their dependents. */
  projects: string[];
  affectedProjects: string[];
  /** Files and predicted paths of the plan. */
  predictedFiles: string[];
  /** Files the commit changed (known after the commit). */
  actualFiles?: string[];
  /** Actual files no prediction covered. */
  unpredicted: string[];
  /** Predicted entries (files or globs) no actual file matched. */
  untouched: string[];
  verification?: { targets: string[]; projects: string[]; skipped: boolean; note?: string; tasks: VerifiedTask[]; cacheHits: number };
  mergedSha?: string;
  /** A pull request or merge link, when the host recorded one (`http(s)` only). */
  links: Array<{ label: string; url: string }>;
  error?: StepFailure;
  attempts: Record<string, number>;
  logs: Array<{ step: string; text: string; truncated: boolean }>;
}

/** An edge of the overlap graph: `before` comes first. */
export interface ReportEdge {
  before: string;
  after: string;
  kind: RunRelation['kind'];
  conflict: boolean;
  unplanned: boolean;
  items: string[];
}

/** Everything the HTML run view shows, as pure data. */
export interface RunReport {
  runId: string;
  base: string;
  status: RunState['status'];
  createdAt: number;
  updatedAt: number;
  maxThreads: number;
  summary: RunSummary;
  /** The plan's estimate (minutes), when the run kept its plan. */
  estimate?: Plan['estimate'];
  timeline: RunTimeline;
  graph: { nodes: Array<{ key: string; title: string; status: TicketRunStatus }>; edges: ReportEdge[] };
  tickets: TicketReport[];
  trainStopped?: string;
}

const STEP_ORDER = ['prepare', 'implement', 'verify', 'commit', 'push', 'pr', 'merge'];

/**
 * Put together what the run view shows (pure): the summary metrics of `summarizeRun`, the timeline,
 * the overlap graph (the run's relations: planned overlaps and the unplanned ones found after a
 * commit) and per-ticket details — predicted versus actual files, projects, verification tasks with
 * cache hits (from the verify log), merge commit and links, the tail of each step log.
 */
export function buildRunReport(input: BuildRunReportInput): RunReport {
  const { state, plan } = input;
  const summary = summarizeRun(state, input.now);
  const planned = new Map((plan?.tickets ?? []).map((t) => [t.key, t]));
  const tail = input.logTail ?? { lines: 40, chars: 4000 };
  const tickets = state.order.flatMap((key) => {
    const t = state.tickets[key];
    if (!t) return [];
    const p = planned.get(key);
    const row = summary.rows.find((r) => r.key === key);
    const logs = [...(input.logs?.[key] ?? [])].sort((a, b) => STEP_ORDER.indexOf(a.step) - STEP_ORDER.indexOf(b.step));
    const verifyLog = logs.find((l) => l.step === 'verify');
    const tasks = verifyLog ? parseVerifyLog(verifyLog.text) : [];
    const predicted = t.plannedFiles;
    const actual = t.actualFiles;
    const report: TicketReport = {
      key,
      title: t.title,
      ...(p ? { type: p.type, estimateSource: p.estimateSource } : {}),
      ...(p?.points === undefined ? {} : { points: p.points }),
      status: t.status,
      branch: t.branch,
      estimateMinutes: t.estimateMinutes,
      durationMs: row?.durationMs ?? 0,
      ...pick(t, ['startedAt', 'builtAt', 'finishedAt', 'mergedSha']),
      projects: p?.projects ?? [],
      affectedProjects: p?.affectedProjects ?? [],
      predictedFiles: predicted,
      ...(actual ? { actualFiles: actual } : {}),
      unpredicted: actual ? actual.filter((f) => !predicted.some((glob) => matches(f, glob))) : [],
      untouched: actual ? predicted.filter((glob) => !actual.some((f) => matches(f, glob))) : [],
      ...(t.verification ? { verification: { ...t.verification, tasks, cacheHits: tasks.filter((x) => x.cached).length } } : {}),
      links: linksOf(t as unknown as Record<string, unknown>),
      ...(t.error ? { error: t.error } : {}),
      attempts: { ...t.attempts },
      logs: logs.map((l) => ({ step: l.step, ...tailLog(l.text, tail.lines, tail.chars) })),
    };
    return [report];
  });
  const relations = state.relations.map((r) => ({ before: r.before, after: r.after, kind: r.kind, conflict: r.conflict, unplanned: r.unplanned === true, items: r.items }));
  return {
    runId: state.runId,
    base: state.base,
    status: state.status,
    createdAt: state.createdAt,
    updatedAt: state.updatedAt,
    maxThreads: state.limits.maxThreads,
    summary,
    ...(plan ? { estimate: plan.estimate } : {}),
    timeline: buildRunTimeline(state, input.events, input.now),
    graph: { nodes: tickets.map((t) => ({ key: t.key, title: t.title, status: t.status })), edges: relations },
    tickets,
    ...(state.trainStopped ? { trainStopped: state.trainStopped } : {}),
  };
}

function matches(file: string, pattern: string): boolean {
  if (file === pattern || file.startsWith(`${pattern.replace(/\/+$/, '')}/`)) return true;
  return micromatch.isMatch(file, pattern, { dot: true });
}

function pick<T extends object, K extends keyof T>(value: T, keys: K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const k of keys) if (value[k] !== undefined) out[k] = value[k];
  return out;
}

/** `prUrl` / `pr.url` / `mergeUrl` fields a host may record on a ticket, `http(s)` only. */
function linksOf(t: Record<string, unknown>): Array<{ label: string; url: string }> {
  const pr = t['pr'] as { url?: unknown; number?: unknown } | undefined;
  const candidates: Array<[string, unknown]> = [['pull request', t['prUrl']], [`pull request${pr?.number ? ` #${String(pr.number)}` : ''}`, pr?.url], ['merge', t['mergeUrl']]];
  return candidates.flatMap(([label, url]) => (typeof url === 'string' && /^https?:\/\//i.test(url) ? [{ label, url }] : []));
}
