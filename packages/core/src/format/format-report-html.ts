import type { RunReport, TicketReport } from '../report/build-run-report.js';
import { escapeHtml as e, jsonForScript, scriptSafe } from './escape-html.js';
import { formatDuration } from './format-duration.js';
import { formatMinutes } from './format-minutes.js';
import { REPORT_CSS, REPORT_SCRIPT } from './report-client.js';

/** Browser bundles inlined into the page (their source text, read by the caller). */
export interface ReportLibraries {
  /** vis-timeline's standalone UMD bundle (defines `vis`; its CSS is included). */
  visTimeline: string;
  /** cytoscape's UMD bundle (defines `cytoscape`). */
  cytoscape: string;
}

/** Only inline code and styles, no network at all: a report is a file people pass around. */
const CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; font-src data:";

/**
 * The run view as one self-contained HTML document (pure): summary metrics, the timeline of
 * tickets and their steps on the pool's threads with waits (failed steps in red, steps the run's
 * interruption cut short in grey, the time it was stopped shaded), the overlap graph, and per-ticket
 * details. Every piece of ticket text is escaped; the charts get their data from a JSON block
 * that no text can break out of, and the page's Content-Security-Policy forbids any request.
 *
 * @param generatedAt ms since the epoch, shown in the header.
 */
export function formatReportHtml(report: RunReport, libraries: ReportLibraries, generatedAt: number): string {
  const s = report.summary;
  const title = `nx-tickets run ${report.runId}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${e(CSP)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<header><h1>${e(title)}</h1><p>${e(report.status)} · base ${e(report.base)} · ${report.tickets.length} tickets · ${report.maxThreads} threads · started ${e(iso(report.createdAt))} · report ${e(iso(generatedAt))}</p></header>
<main>
<section class="panel" id="summary"><h2>Summary</h2><div class="cards">
${[
    card(formatDuration(s.wallMs), 'wall time (first start → last finish)'),
    card(formatDuration(s.sequentialMs), 'sequential (sum of ticket times)'),
    card(formatDuration(s.savedMs), 'time saved'),
    card(`${Math.round(s.utilization * 100)}%`, `thread utilisation of ${report.maxThreads}`),
    card(`${s.counts.merged}/${report.tickets.length} (${Math.round(s.successRate * 100)}%)`, 'merged (success rate)'),
    card(`${s.conflicts.planned} · ${s.conflicts.unplanned} · ${s.conflicts.setAside}`, 'conflicts: planned · unplanned · set aside'),
    ...(report.estimate ? [card(`${formatMinutes(report.estimate.parallelMinutes)} / ${formatMinutes(report.estimate.sequentialMinutes)}`, 'plan estimate: parallel / sequential')] : []),
  ].join('\n')}
</div>${report.trainStopped ? `<p class="error">merge train stopped: ${e(report.trainStopped)}</p>` : ''}${s.unverified.length > 0 ? `<p class="note">not verified (verify.targets is empty): ${e(s.unverified.join(', '))}</p>` : ''}</section>
<section class="panel"><h2>Timeline</h2><div id="timeline"></div>
<div class="legend">${['prepare', 'implement', 'verify', 'commit', 'merge'].map((x) => `<span><i class="step-${x}"></i>${x}</span>`).join('')}${OUTCOMES}${['dependency', 'conflict', 'resources', 'merge-train'].map((x) => `<span><i class="wait wait-${x}"></i>waiting: ${x === 'resources' ? 'thread / resources' : x}</span>`).join('')}</div></section>
<section class="panel"><h2>Overlaps</h2><div id="graph"></div>
<div class="legend"><span><i style="background:#c62828"></i>conflict (runs one after the other)</span><span><i style="background:#9ca3af"></i>overlap (may run in parallel)</span><span><i style="background:#2563eb"></i>dependsOn link</span><span><i style="background:#ef6c00"></i>unplanned (found after a commit)</span></div>
${formatEdgeTable(report)}</section>
<section class="panel" id="tickets"><h2>Tickets</h2>
${report.tickets.map(formatTicket).join('\n')}
</section>
</main>
<script type="application/json" id="report-data">${jsonForScript({ timeline: report.timeline, graph: report.graph })}</script>
<script>${scriptSafe(libraries.visTimeline)}</script>
<script>${scriptSafe(libraries.cytoscape)}</script>
<script>${REPORT_SCRIPT}</script>
</body>
</html>
`;
}

/** Legend of how a step ended other than passing, and of the time the run was stopped. */
const OUTCOMES = '<span><i class="step-failed"></i>failed</span><span><i class="step-interrupted"></i>interrupted</span><span><i class="paused"></i>run stopped (until resumed or retried)</span>';

function card(value: string, label: string): string {
  return `<div class="card"><b>${e(value)}</b><span>${e(label)}</span></div>`;
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}

function formatEdgeTable(report: RunReport): string {
  if (report.graph.edges.length === 0) return '<p class="note">No overlaps between the tickets.</p>';
  const rows = report.graph.edges.map((x) => `<tr><td>${e(x.before)} → ${e(x.after)}</td><td>${e(x.kind)}${x.unplanned ? ' (unplanned)' : ''}</td><td>${x.conflict ? '<span class="error">conflict</span>' : 'parallel'}</td><td>${e(x.items.slice(0, 5).join(', '))}${x.items.length > 5 ? ` +${x.items.length - 5}` : ''}</td></tr>`);
  return `<details><summary>${report.graph.edges.length} relations</summary><table><tr><th>tickets</th><th>kind</th><th>effect</th><th>items</th></tr>${rows.join('')}</table></details>`;
}

function list(items: readonly string[], classOf: (item: string) => string = () => ''): string {
  if (items.length === 0) return '<span class="note">none</span>';
  const shown = items.slice(0, 50).map((x) => `<li${classOf(x) ? ` class="${classOf(x)}"` : ''}><code>${e(x)}</code></li>`);
  return `<ul class="files">${shown.join('')}${items.length > 50 ? `<li class="note">+${items.length - 50} more</li>` : ''}</ul>`;
}

function formatTicket(t: TicketReport): string {
  const rows: Array<[string, string]> = [
    ['status', `<span class="status status-${e(t.status)}">${e(t.status)}</span>${t.type ? ` · ${e(t.type)}` : ''}${t.points === undefined ? '' : ` · ${t.points} points`}`],
    ['branch', `<code>${e(t.branch)}</code>`],
    ['time', `${e(formatDuration(t.durationMs))} actual · est ${e(formatMinutes(t.estimateMinutes))}${t.estimateSource && t.estimateSource !== 'ticket' ? ` (${e(t.estimateSource)})` : ''}`],
    ['projects', t.projects.length > 0 ? `${e(t.projects.join(', '))}${t.affectedProjects.length > t.projects.length ? ` <span class="note">(affected: ${e(t.affectedProjects.join(', '))})</span>` : ''}` : '<span class="note">unknown</span>'],
    ['predicted files', list(t.predictedFiles, (x) => (t.untouched.includes(x) ? 'missing' : ''))],
    ['actual files', t.actualFiles ? list(t.actualFiles, (x) => (t.unpredicted.includes(x) ? 'extra' : '')) : '<span class="note">not committed</span>'],
  ];
  if (t.verification) rows.push(['verification', formatVerification(t.verification)]);
  if (t.mergedSha) rows.push(['merged', `<code>${e(t.mergedSha)}</code>`]);
  for (const link of t.links) rows.push([link.label, `<a href="${e(link.url)}" rel="noreferrer noopener">${e(link.url)}</a>`]);
  if (t.error) rows.push(['error', `<span class="error">${e(t.error.step)}: ${e(t.error.message)}</span>${t.error.resolve ? `<pre>${e(t.error.resolve.join('\n'))}</pre>` : ''}`]);
  const attempts = Object.entries(t.attempts).filter(([, n]) => n > 1);
  if (attempts.length > 0) rows.push(['attempts', e(attempts.map(([step, n]) => `${step} ×${n}`).join(', '))]);
  const logs = t.logs.map((l) => `<details><summary>${e(l.step)} log${l.truncated ? ' (last lines)' : ''}</summary><pre>${e(l.text)}</pre></details>`).join('');
  return `<section class="ticket panel" id="ticket-${e(t.key.replace(/[^A-Za-z0-9_-]/g, '-'))}" data-ticket="${e(t.key)}">
<h3><span class="key">${e(t.key)}</span> <span class="title">${e(t.title)}</span></h3>
<table>${rows.map(([k, v]) => `<tr><th>${e(k)}</th><td>${v}</td></tr>`).join('')}</table>${logs}</section>`;
}

function formatVerification(v: NonNullable<TicketReport['verification']>): string {
  if (v.skipped) return '<span class="note">not verified (no targets configured)</span>';
  const head = `${e(v.targets.join(', '))} on ${e(v.projects.join(', ') || 'no project')}${v.note ? ` <span class="note">${e(v.note)}</span>` : ''}`;
  if (v.tasks.length === 0) return head;
  const tasks = v.tasks.map((x) => `<li><code>${e(x.id)}</code>${x.cached ? ' <span class="cached">cache hit</span>' : ''}</li>`).join('');
  return `${head} · ${v.cacheHits}/${v.tasks.length} from cache<ul class="plain">${tasks}</ul>`;
}
