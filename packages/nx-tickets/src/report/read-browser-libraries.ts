import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { NxTicketsError, type ReportLibraries } from '@nx-tickets/core';

const require = createRequire(import.meta.url);

/** The browser bundles the run view inlines, by package and file inside the package. */
const BUNDLES = { visTimeline: ['vis-timeline', 'standalone/umd/vis-timeline-graph2d.min.js'], cytoscape: ['cytoscape', 'dist/cytoscape.min.js'] } as const;

/**
 * Read the browser bundles of vis-timeline and cytoscape from the installed packages (dependencies
 * of nx-tickets), to be inlined into the HTML report: the page needs no network.
 *
 * @throws NxTicketsError `NX_TICKETS_REPORT_LIBRARY_MISSING` when a package is not installed.
 */
export async function readBrowserLibraries(): Promise<ReportLibraries> {
  const entries = await Promise.all(Object.entries(BUNDLES).map(async ([name, [pkg, file]]) => [name, await readFile(join(packageRoot(pkg), file), 'utf8')] as const));
  return Object.fromEntries(entries) as unknown as ReportLibraries;
}

/** The folder of an installed package: its entry point, then up to the folder with its package.json. */
function packageRoot(pkg: string): string {
  let dir: string;
  try {
    dir = dirname(require.resolve(pkg));
  } catch (cause) {
    throw new NxTicketsError('NX_TICKETS_REPORT_LIBRARY_MISSING', `The package "${pkg}" that draws the HTML report is not installed.`, {
      hint: 'Reinstall nx-tickets with its dependencies (npm install).',
      cause,
      exitCode: 1,
    });
  }
  while (!existsSync(join(dir, 'package.json')) || !dir.endsWith(join('node_modules', pkg))) {
    const parent = dirname(dir);
    if (parent === dir) throw new NxTicketsError('NX_TICKETS_REPORT_LIBRARY_MISSING', `Cannot find the folder of the package "${pkg}".`, { hint: 'Reinstall nx-tickets with its dependencies (npm install).', exitCode: 1 });
    dir = parent;
  }
  return dir;
}
