import { resolve } from 'node:path';
import { NxTicketsError } from '@nx-tickets/core';
import { openRun } from '../execution/continue-run.js';
import { RunStore } from '../execution/run-store.js';
import { writeRunReport } from '../report/write-run-report.js';
import type { CliIo } from './cli-io.js';
import { findWorkspaceRoot } from './find-workspace-root.js';

/** Flags of `nx-tickets report`. */
export interface ReportCommandFlags {
  cwd: string;
  /** Run id; default: the latest run. */
  runId?: string;
  /** Where to write the HTML (relative to the current directory); default `report.html` in the run's folder. */
  out?: string;
  /** Open the file with the system's opener afterwards. */
  open?: boolean;
}

/** Opens a file with the operating system's default application (injected in tests). */
export type FileOpener = (file: string) => Promise<unknown>;

/**
 * `nx-tickets report [runId] [--out file.html] [--open]`: write the run view of a run as one
 * self-contained HTML file and print its path.
 *
 * @returns 0.
 * @throws NxTicketsError `NX_TICKETS_RUN_NOT_FOUND` (exit 2) when the workspace has no such run.
 */
export async function runReportCommand(flags: ReportCommandFlags, io: CliIo, opener: FileOpener = openWithSystem): Promise<number> {
  const root = findWorkspaceRoot(flags.cwd);
  const store = await openRun(root, flags.runId).catch((error: unknown) => {
    if ((error as { code?: string }).code !== 'NX_TICKETS_RUN_NOT_FOUND' || flags.runId) throw error;
    throw new NxTicketsError('NX_TICKETS_RUN_NOT_FOUND', 'There is no run to report on in this workspace yet.', {
      hint: 'Run tickets first with `nx-tickets run KEY…`; then `nx-tickets report` shows the latest run.',
    });
  });
  const out = flags.out === undefined ? undefined : resolve(io.cwd, flags.out);
  const { file, report } = await writeRunReport(store as RunStore, { ...(out ? { out } : {}), now: Date.now() });
  const count = report.tickets.length;
  io.stdout.write(`Run ${report.runId} (${report.status}, ${count} ticket${count === 1 ? '' : 's'}): report written to ${file}\n`);
  if (flags.open) await opener(file);
  return 0;
}

/** The `open` package: the OS opener (`xdg-open`, `open`, `start`) with the path as one argument, no shell. */
async function openWithSystem(file: string): Promise<unknown> {
  const { default: open } = await import('open');
  return open(file, { wait: false });
}
