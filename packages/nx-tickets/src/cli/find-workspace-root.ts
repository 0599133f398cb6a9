import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { NxTicketsError } from '@nx-tickets/core';

/**
 * The Nx workspace root: `from` or the nearest folder above it that holds an `nx.json`.
 *
 * @throws NxTicketsError `NX_TICKETS_NO_WORKSPACE` (exit 2) when there is none up to the file-system root.
 */
export function findWorkspaceRoot(from: string): string {
  const start = resolve(from);
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'nx.json'))) return dir;
    if (dirname(dir) === dir) {
      throw new NxTicketsError('NX_TICKETS_NO_WORKSPACE', `No nx.json found in ${start} or any folder above it.`, {
        hint: 'Run nx-tickets inside an Nx workspace, or pass --cwd <workspace root>.',
      });
    }
  }
}
