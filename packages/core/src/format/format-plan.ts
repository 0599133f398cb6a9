import pc from 'picocolors';
import type { Completion, Overlap, Plan, PlannedTicket } from '../planning/plan.js';
import { displayWidth, padEndToWidth, truncateToWidth } from './display-width.js';
import { formatMinutes } from './format-minutes.js';

/** Options of {@link formatPlanText}. */
export interface FormatPlanOptions {
  /** ANSI colours (the shell decides from TTY, `NO_COLOR`, `--no-color`). Default false. */
  color?: boolean;
  /** Most files listed per ticket before `+N more` (default 6). */
  maxFiles?: number;
}

/** Widest title column of the ticket table, in terminal columns; longer titles end with `…`. */
const MAX_TITLE_WIDTH = 48;

/**
 * The plan as people read it: the epic/sprint completion view when there is one, one block per
 * ticket, the conflict check, the batches, the estimate and the warnings. Ends with a newline.
 */
export function formatPlanText(plan: Plan, options: FormatPlanOptions = {}): string {
  const c = pc.createColors(options.color ?? false);
  const lines: string[] = [];
  if (plan.completion) lines.push(...formatCompletion(plan.completion, plan, c), '');
  lines.push(`Analyzing ${plan.tickets.length} ticket${plan.tickets.length === 1 ? '' : 's'}…`);
  // Columns are counted in terminal columns: a CJK character or an emoji takes two.
  const width = Math.max(0, ...plan.tickets.map((t) => displayWidth(t.key)));
  const titleWidth = Math.min(MAX_TITLE_WIDTH, Math.max(0, ...plan.tickets.map((t) => displayWidth(t.title))));
  for (const ticket of plan.tickets) lines.push(...formatTicket(ticket, [width, titleWidth], options.maxFiles ?? 6, c));
  lines.push('', ...formatConflicts(plan, c));
  const batches = plan.batches.map((b, i) => `${i + 1}) ${b.join(' ')}`).join('  ');
  lines.push(`Batches: ${batches || 'none'}`);
  const est = plan.estimate;
  const path = est.criticalPath.length > 0 ? ` · critical path ${est.criticalPath.join(' → ')}` : '';
  lines.push(`Estimated total: ${formatMinutes(est.parallelMinutes)} (vs ${formatMinutes(est.sequentialMinutes)} sequential)${path}`);
  if (plan.warnings.length > 0) lines.push('', c.yellow('Warnings:'), ...plan.warnings.map((w) => c.yellow(`  ! ${w}`)));
  return `${lines.join('\n')}\n`;
}

type Colors = ReturnType<typeof pc.createColors>;

function formatTicket(t: PlannedTicket, [width, titleWidth]: [number, number], maxFiles: number, c: Colors): string[] {
  const est = `est ${formatMinutes(t.estimateMinutes)}${describeEstimateSource(t)}`;
  const lines = [`${c.bold(padEndToWidth(t.key, width))}  ${padEndToWidth(truncateToWidth(t.title, titleWidth), titleWidth)}  ${c.dim(`${t.type}  ${t.status}  ${t.priority}  ${est}`)}`];
  const listed = t.files.slice(0, maxFiles).join(', ') + (t.files.length > maxFiles ? `, +${t.files.length - maxFiles} more` : '');
  lines.push(`  files     ${listed || c.dim('none')}`);
  if (t.predictedPaths.length > 0) lines.push(`  new       ${t.predictedPaths.join(', ')} ${c.dim('(predicted)')}`);
  const affected = t.affectedProjects.length > t.projects.length ? `   ${c.dim(`(affected: ${t.affectedProjects.join(', ')})`)}` : '';
  lines.push(`  projects  ${t.projects.join(', ') || c.dim('none')}${affected}`);
  if (t.owners.length > 0) lines.push(`  owners    ${t.owners.join(', ')}`);
  if (t.branch) lines.push(`  branch    ${t.branch}`);
  lines.push(`  deps      ${t.dependsOn.join(', ') || 'none'}`);
  if (t.footprint === 'unknown') lines.push(`  ${c.yellow('footprint unknown')}`);
  return lines;
}

/** `''` for the ticket's own estimate, ` (default)`, ` (learned from 3 tickets on web,avatar)`, ` (learned from 2 bug tickets)`. */
function describeEstimateSource(t: PlannedTicket): string {
  if (t.estimateSource === 'ticket') return '';
  if (t.estimateSource === 'default' || !t.learnedFrom) return ` (${t.estimateSource})`;
  const { by, value, samples } = t.learnedFrom;
  const tickets = `${samples} ${by === 'type' ? `${value} ` : ''}ticket${samples === 1 ? '' : 's'}`;
  return ` (learned from ${tickets}${by === 'projects' ? ` on ${value}` : ''})`;
}

function describeOverlap(o: Overlap): string {
  const more = o.itemCount > o.items.length ? `, +${o.itemCount - o.items.length} more` : '';
  const items = o.kind === 'link' ? '' : ` ${o.items.slice(0, 3).join(', ')}${o.items.length > 3 ? `, +${o.itemCount - 3} more` : more}`;
  return `${o.tickets[0]} ↔ ${o.tickets[1]} ${o.kind}${items}`;
}

/** Ticket keys of a group of overlaps, in plan order, at most 8 named. */
function namedTickets(group: readonly Overlap[], order: ReadonlyMap<string, number>): string {
  const keys = [...new Set(group.flatMap((o) => o.tickets))].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
  return keys.length > 8 ? `${keys.slice(0, 8).join(', ')}, +${keys.length - 8} more` : keys.join(', ');
}

/**
 * Overlaps on the same single item (one file, one project) between three tickets or more, as one
 * group each; the others one by one. Sixty tickets in one project make one line, not 1,770.
 */
function groupOverlaps(overlaps: readonly Overlap[]): Array<{ key: string; group: Overlap[] }> {
  const groups = new Map<string, Overlap[]>();
  for (const o of overlaps) {
    const key = o.itemCount === 1 && o.kind !== 'link' ? `${o.kind} ${o.items[0]}` : `${o.tickets.join(' ')} ${o.kind}`;
    const list = groups.get(key);
    if (list) list.push(o);
    else groups.set(key, [o]);
  }
  const out: Array<{ key: string; group: Overlap[] }> = [];
  for (const [key, group] of groups) {
    if (group.length >= 3) out.push({ key, group });
    else for (const o of group) out.push({ key: `${o.tickets.join(' ')} ${o.kind}`, group: [o] });
  }
  return out;
}

function formatConflicts(plan: Plan, c: Colors): string[] {
  const conflicts = plan.overlaps.filter((o) => o.conflict && o.kind !== 'link');
  const links = plan.overlaps.filter((o) => o.kind === 'link');
  // A pair already ordered (a conflict or a link) needs no "may run in parallel" line as well.
  const ordered = new Set(plan.overlaps.filter((o) => o.conflict).map((o) => o.tickets.join(' ')));
  const others = plan.overlaps.filter((o) => !o.conflict && !ordered.has(o.tickets.join(' ')));
  const order = new Map(plan.order.map((key, i) => [key, i]));
  const lines: string[] = [];
  if (conflicts.length === 0) lines.push(`Conflict check: ${c.green('✓')} no file conflicts`);
  else {
    lines.push(`Conflict check: ${c.red('✗')} ${conflicts.length} conflict${conflicts.length === 1 ? '' : 's'}`);
    for (const { key, group } of groupOverlaps(conflicts)) {
      const o = group[0] as Overlap;
      if (group.length === 1) lines.push(`  ${c.red('✗')} ${describeOverlap(o)} → ${o.tickets[1]} after ${o.tickets[0]}`);
      else lines.push(`  ${c.red('✗')} ${key}: ${namedTickets(group, order)} → one after another`);
    }
  }
  for (const o of links) lines.push(`  ${c.cyan('→')} ${o.tickets[1]} after ${o.tickets[0]} (depends on it)`);
  const parallel = '(may run in parallel; the one merged later is verified again)';
  for (const { key, group } of groupOverlaps(others)) {
    if (group.length === 1) lines.push(`  ${c.yellow('⚠')} ${describeOverlap(group[0] as Overlap)} ${parallel}`);
    else lines.push(`  ${c.yellow('⚠')} ${key}: ${namedTickets(group, order)} ${parallel}`);
  }
  const waves = plan.batches.length > 1;
  lines.push(`Parallel execution: ${waves ? `${c.yellow('⚠')} ${plan.batches.length} batches (some tickets wait for others)` : `${c.green('✓')} safe`}`);
  return lines;
}

function formatCompletion(done: Completion, plan: Plan, c: Colors): string[] {
  const percent = done.total === 0 ? 100 : Math.round((done.done / done.total) * 100);
  const title = done.scope.kind === 'epic' ? `Epic ${done.scope.name}` : `Sprint "${done.scope.name}"`;
  const lines = [`${c.bold(title)}: ${done.done}/${done.total} complete (${percent}%) · points ${done.pointsTotal}, ${done.pointsRemaining} remaining`];
  for (const s of done.stories) lines.push(`  ${s.done ? c.green('✓') : '◯'} ${s.key}  ${s.title}${s.points === undefined ? '' : c.dim(`  ${s.points} pts`)}`);
  if (done.daysLeft !== null) {
    const est = formatMinutes(plan.estimate.parallelMinutes);
    const verdict = done.fits
      ? c.green(`fits (est ${est}, buffer kept)`)
      : c.red(`overshoots by ${formatMinutes(done.overshootMinutes)} (est ${est})`);
    lines.push(`  ${done.daysLeft} working day${done.daysLeft === 1 ? '' : 's'} left · ${verdict}`);
  }
  return lines;
}
