import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { formatReportHtml, type RunReport } from '@nx-tickets/core';
import type { RunStore } from '../execution/run-store.js';
import { readBrowserLibraries } from './read-browser-libraries.js';
import { readRunReport } from './read-run-report.js';

/** What {@link writeRunReport} wrote. */
export interface WrittenReport {
  /** Absolute path of the HTML file. */
  file: string;
  report: RunReport;
}

/**
 * Write the HTML run view of a run: to `out`, or to `report.html` in the run's folder.
 *
 * @param now clock reading, ms since the epoch.
 */
export async function writeRunReport(store: RunStore, options: { out?: string; now: number }): Promise<WrittenReport> {
  const [report, libraries] = await Promise.all([readRunReport(store, options.now), readBrowserLibraries()]);
  const file = options.out ?? join(store.dir, 'report.html');
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, formatReportHtml(report, libraries, options.now));
  return { file, report };
}
