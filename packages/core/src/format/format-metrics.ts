import pc from 'picocolors';
import type { HistoryMetrics } from '../history/summarize-history.js';
import { formatDuration } from './format-duration.js';

/**
 * `nx-tickets metrics` as text: one row per run (tickets merged, wall time versus sequential, time
 * saved, thread utilisation, conflicts planned/unplanned, tickets merged by another run), then the totals over time — success
 * rate, time saved, utilisation, conflict frequency, velocity — and the merged work per day.
 * Ends with a newline.
 */
export function formatMetricsText(metrics: HistoryMetrics, options: { color?: boolean } = {}): string {
  const c = pc.createColors(options.color ?? false);
  const pct = (ratio: number) => `${Math.round(ratio * 100)}%`;
  const num = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(1));
  const t = metrics.total;
  const idWidth = Math.max(3, ...metrics.runs.map((r) => r.runId.length));
  const lines = [c.bold(`Runs: ${t.runs}`), `${'run'.padEnd(idWidth)}  ${'merged'.padStart(7)}  ${'wall'.padStart(8)}  ${'sequential'.padStart(10)}  ${'saved'.padStart(14)}  ${'util'.padStart(4)}  conflicts (planned/unplanned)`];
  for (const r of metrics.runs) {
    lines.push(`${r.runId.padEnd(idWidth)}  ${`${r.merged}/${r.tickets}`.padStart(7)}  ${formatDuration(r.makespanMs).padStart(8)}  ${formatDuration(r.sequentialMs).padStart(10)}  ${`${formatDuration(r.savedMs)} (${pct(r.savedRatio)})`.padStart(14)}  ${pct(r.utilization).padStart(4)}  ${r.conflicts.planned}/${r.conflicts.unplanned}${r.mergedElsewhere > 0 ? `  (${r.mergedElsewhere} by another run)` : ''}`);
  }
  lines.push(
    '',
    c.bold('Over time'),
    `success rate ${pct(t.successRate)} (${t.merged}/${t.tickets} tickets merged)`,
    `time saved ${formatDuration(t.savedMs)} of ${formatDuration(t.sequentialMs)} sequential (wall ${formatDuration(t.makespanMs)}) · thread utilisation ${pct(t.utilization)}`,
    `conflicts per run: ${num(t.conflictsPerRun.planned)} planned, ${num(t.conflictsPerRun.unplanned)} unplanned · runs with an unplanned overlap ${pct(t.runsWithUnplanned)}`,
    `velocity: ${num(t.velocity.ticketsPerDay)} tickets/day, ${num(t.velocity.pointsPerDay)} points/day over ${t.velocity.days} day${t.velocity.days === 1 ? '' : 's'}`,
  );
  if (metrics.byDay.length > 0) {
    lines.push('', c.bold('Per day (UTC)'));
    for (const d of metrics.byDay) lines.push(`${d.day}  ${d.runs} run${d.runs === 1 ? '' : 's'}  ${d.merged} merged  ${d.points} points`);
  }
  return `${lines.join('\n')}\n`;
}
