import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { NxTicketsError } from '@nx-tickets/core';
import lockfile from 'proper-lockfile';
import { TICKETS_DIR } from './run-store.js';

/**
 * Hold the workspace's run lock (`.nx/tickets/run.lock`, via `proper-lockfile`: an atomic mkdir,
 * refreshed while held, taken over when stale after 30 s without refresh — so a SIGKILLed run does
 * not block the next one for long).
 *
 * @returns a release function.
 * @throws NxTicketsError `NX_TICKETS_RUN_LOCKED` (exit 2) when another run holds it.
 */
export async function acquireRunLock(root: string): Promise<() => Promise<void>> {
  const dir = join(root, TICKETS_DIR);
  await mkdir(dir, { recursive: true });
  try {
    return await lockfile.lock(dir, { lockfilePath: join(dir, 'run.lock'), stale: 30_000, update: 5_000, realpath: false });
  } catch (cause) {
    if ((cause as { code?: string }).code !== 'ELOCKED') throw cause;
    throw new NxTicketsError('NX_TICKETS_RUN_LOCKED', 'Another nx-tickets run is in progress in this workspace.', {
      hint: 'Wait for it to finish, or check it with `nx-tickets status`; a run killed hard frees the lock after 30 seconds.',
      cause,
    });
  }
}
