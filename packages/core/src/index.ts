/**
 * @nx-tickets/core — the pure planning core: ticket model, selection, mapping, overlaps, schedule
 * and formatting. No fs, git, network, process or clock: everything comes in as arguments.
 */
export * from './tickets/ticket.js';
export * from './tickets/selection.js';
export * from './tickets/estimate.js';
export * from './tickets/select-tickets.js';
export * from './workspace/workspace-model.js';
export * from './planning/plan.js';
export * from './planning/planning-options.js';
export * from './planning/build-plan.js';
export * from './planning/build-completion.js';
export { buildMappingContext, mapTicket, type MappedTicket, type MappingContext, type PredictedPath } from './planning/map-tickets.js';
export { detectOverlaps, kindsOf, OVERLAP_KIND_BIT, type OverlapPairs } from './planning/detect-overlaps.js';
export { explainOverlap } from './planning/explain-overlap.js';
export { compareKeys } from './planning/order-tickets.js';
export { isWorkspacePath } from './planning/workspace-path.js';
export { CodeownersMatcher } from './planning/codeowners-matcher.js';
export * from './format/format-plan.js';
export * from './format/format-minutes.js';
export * from './errors/nx-tickets-error.js';
export * from './ports/ticket-source.js';
export * from './ports/code-host.js';
export * from './ports/status-sync.js';
export * from './run/branch-name.js';
export * from './run/run-state.js';
export * from './run/create-run-state.js';
export * from './run/schedule-run.js';
export * from './run/detect-unplanned-overlaps.js';
export * from './run/summarize-run.js';
export * from './run/admission.js';
export * from './format/format-duration.js';
export * from './format/format-run-summary.js';
export * from './run/reopen-run.js';
export * from './report/build-timeline.js';
export * from './report/parse-verify-log.js';
export * from './report/build-run-report.js';
export * from './format/escape-html.js';
export * from './format/format-report-html.js';
export * from './format/format-plan-mermaid.js';
export * from './history/history-entry.js';
export * from './history/learn-estimates.js';
export * from './history/summarize-history.js';
export * from './format/format-metrics.js';
export * from './planning/build-shards.js';
export * from './format/format-github-matrix.js';
export * from './planning/group-tickets.js';
export * from './planning/restrict-plan.js';
