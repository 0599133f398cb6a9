import { formatMetricsText, NxTicketsError, summarizeHistory } from '@nx-tickets/core';
import { historyFile, readHistory } from '../history/history-file.js';
import type { CliIo } from './cli-io.js';
import { findWorkspaceRoot } from './find-workspace-root.js';
import { useColor } from './use-color.js';

/** Flags of `nx-tickets metrics`. */
export interface MetricsCommandFlags {
  cwd: string;
  /** Print the metrics as one JSON document. */
  json?: boolean;
  color?: boolean;
}

/**
 * `nx-tickets metrics [--json]`: per run and over time, from `.nx/tickets/history.jsonl` — time
 * saved versus sequential, thread utilisation, conflicts, success rate, velocity.
 *
 * @returns 0.
 * @throws NxTicketsError `NX_TICKETS_NO_HISTORY` (exit 2) when no run has finished in the workspace.
 */
export async function runMetricsCommand(flags: MetricsCommandFlags, io: CliIo): Promise<number> {
  const root = findWorkspaceRoot(flags.cwd);
  const { entries, skippedLines } = await readHistory(root);
  if (entries.length === 0) {
    throw new NxTicketsError('NX_TICKETS_NO_HISTORY', `No run has finished in this workspace yet (${historyFile(root)} has no entries).`, {
      hint: 'Every finished `nx-tickets run` adds a line; run tickets first, then `nx-tickets metrics`.',
    });
  }
  if (skippedLines.length > 0) io.stderr.write(`warning: skipped unreadable line(s) ${skippedLines.join(', ')} of ${historyFile(root)}\n`);
  const metrics = summarizeHistory(entries);
  io.stdout.write(flags.json ? `${JSON.stringify(metrics, null, 2)}\n` : formatMetricsText(metrics, { color: useColor(flags.color, io.env, io.stdout) }));
  return 0;
}
