import pc from 'picocolors';
import { cleanWorkspace, type CleanAction, type CleanOptions } from '../execution/clean-workspace.js';
import type { CliIo } from './cli-io.js';
import { findWorkspaceRoot } from './find-workspace-root.js';
import { useColor } from './use-color.js';

/** Flags of `nx-tickets clean`. */
export interface CleanCommandFlags extends CleanOptions {
  cwd: string;
  json?: boolean;
  color?: boolean;
}

/**
 * `nx-tickets clean [--all] [--branches] [--dry-run]`: remove the worktrees (and, with
 * `--branches`, the merged branches) that finished runs left behind, and say what was kept and why.
 *
 * @returns 0 (also when there was nothing to remove).
 */
export async function runCleanCommand(flags: CleanCommandFlags, io: CliIo): Promise<number> {
  const root = findWorkspaceRoot(flags.cwd);
  const actions = await cleanWorkspace(root, { all: flags.all === true, branches: flags.branches === true, dryRun: flags.dryRun === true });
  if (flags.json) {
    // With --dry-run, `removed` means "would be removed": nothing was changed.
    io.stdout.write(`${JSON.stringify({ dryRun: flags.dryRun === true, actions }, null, 2)}\n`);
    return 0;
  }
  io.stdout.write(formatCleanActions(actions, flags.dryRun === true, useColor(flags.color, io.env, io.stdout)));
  return 0;
}

/** One line per action, then a count. Ends with a newline. */
export function formatCleanActions(actions: readonly CleanAction[], dryRun: boolean, color: boolean): string {
  const c = pc.createColors(color);
  if (actions.length === 0) return 'Nothing to clean: no worktree or branch left by a finished run.\n';
  const verb = dryRun ? 'would remove' : 'removed';
  const lines = actions.map((a) =>
    a.outcome === 'removed'
      ? `${c.green(verb.padEnd(12))} ${a.kind} ${a.target} (${a.ticket}, run ${a.runId})${a.reason ? ` — ${a.reason}` : ''}`
      : `${c.yellow('kept'.padEnd(12))} ${a.kind} ${a.target} (${a.ticket}): ${a.reason ?? ''}`,
  );
  const removed = actions.filter((a) => a.outcome === 'removed').length;
  lines.push('', `${removed} ${dryRun ? 'to remove' : 'removed'}, ${actions.length - removed} kept`);
  return `${lines.join('\n')}\n`;
}
