import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { NxTicketsError } from '@nx-tickets/core';
import lockfile from 'proper-lockfile';
import writeFileAtomic from 'write-file-atomic';
import { TICKETS_DIR } from './run-store.js';
import { isProcessAlive } from '../adapters/process/is-process-alive.js';

/** Who holds the run lock: written next to it (`run.lock.owner.json`) right after taking it. */
interface LockOwner {
  pid: number;
  host: string;
  /** Inode of the `run.lock` folder this record belongs to (a later lock gets another folder). */
  lock: number;
  /** ms since the epoch. */
  since: number;
}

/** Options of {@link acquireRunLock}. */
export interface RunLockOptions {
  /**
   * Called when the held lock is lost — its folder removed or not refreshed in time (a machine
   * that slept, a disk that hung): another run could start in the workspace. The run goes on.
   * Default: one warning line on stderr.
   */
  onCompromised?: (error: Error) => void;
  /** How often the held lock is refreshed, ms (default 5,000; at least 1,000). */
  updateMs?: number;
}

/**
 * Hold the workspace's run lock (`.nx/tickets/run.lock`, via `proper-lockfile`: an atomic mkdir,
 * refreshed every 5 s while held, taken over when stale after 30 s without refresh).
 *
 * The holder's pid and host are recorded in `run.lock.owner.json`. When the lock is held by a
 * process of this host that no longer exists (a run killed with SIGKILL, a crash), it is taken over
 * at once instead of after 30 s, so `nx-tickets resume` works right after a hard kill. Taking the
 * lock, recording the owner and taking over a dead one's lock all happen under a short second lock
 * (`run.lock.guard`), so two processes never both take over, and nobody sees a fresh lock whose
 * owner is not recorded yet. A lock with no owner record, one from another host, or one whose pid is
 * alive (even reused by another program) is only taken over when stale.
 *
 * @returns a release function.
 * @throws NxTicketsError `NX_TICKETS_RUN_LOCKED` (exit 2) when another run holds it.
 */
export async function acquireRunLock(root: string, options: RunLockOptions = {}): Promise<() => Promise<void>> {
  const dir = join(root, TICKETS_DIR);
  await mkdir(dir, { recursive: true });
  const lockPath = join(dir, 'run.lock');
  const ownerPath = join(dir, 'run.lock.owner.json');
  // Distinct `file` keys: proper-lockfile keeps one entry per file, so two locks on one key would share it.
  // proper-lockfile's default for a lost lock is to throw from a timer, which would crash the run.
  const onCompromised = options.onCompromised ?? warnCompromised;
  const take = () => lockfile.lock(join(dir, 'run'), { lockfilePath: lockPath, stale: 30_000, update: options.updateMs ?? 5_000, realpath: false, onCompromised });
  const releaseGuard = await lockfile
    .lock(join(dir, 'run-guard'), { lockfilePath: join(dir, 'run.lock.guard'), stale: 5_000, realpath: false, retries: { retries: 40, minTimeout: 20, maxTimeout: 400, factor: 1.5 } })
    .catch((cause: unknown) => {
      throw isLocked(cause) ? locked(cause, undefined) : cause;
    });
  try {
    let release: () => Promise<void>;
    try {
      release = await take();
    } catch (cause) {
      if (!isLocked(cause)) throw cause;
      const owner = await readOwner(ownerPath);
      if (owner === undefined || !(await heldByDeadProcess(owner, lockPath))) throw locked(cause, owner);
      await rm(lockPath, { recursive: true, force: true });
      release = await take().catch((again: unknown) => {
        throw isLocked(again) ? locked(again, undefined) : again;
      });
    }
    const record: LockOwner = { pid: process.pid, host: hostname(), lock: (await stat(lockPath)).ino, since: Date.now() };
    await writeFileAtomic(ownerPath, `${JSON.stringify(record)}\n`);
    // Releasing a lock that was lost meanwhile is not an error: there is nothing left to release.
    return () => release().catch((error: unknown) => {
      if ((error as { code?: string }).code !== 'ERELEASED') throw error;
    });
  } finally {
    await releaseGuard().catch(() => undefined);
  }
}

function warnCompromised(error: Error): void {
  process.stderr.write(`nx-tickets: warning: this run lost the workspace's run lock (${error.message}); another run could start here meanwhile. This run goes on.\n`);
}

/**
 * Whether a run holds the workspace's lock right now: its lock folder exists and the process that
 * recorded itself as the owner is alive on this host (or on another host: assumed alive).
 * `nx-tickets status` uses it to tell a running run from one that was killed.
 *
 * @returns the owner's pid and host, or `undefined` when no live run holds the lock.
 */
export async function readRunLockHolder(root: string): Promise<{ pid: number; host: string } | undefined> {
  const dir = join(root, TICKETS_DIR);
  const lockPath = join(dir, 'run.lock');
  const owner = await readOwner(join(dir, 'run.lock.owner.json'));
  if (!owner || !existsSync(lockPath)) return undefined;
  return owner.host !== hostname() || isProcessAlive(owner.pid) ? { pid: owner.pid, host: owner.host } : undefined;
}

const isLocked = (error: unknown): boolean => (error as { code?: string }).code === 'ELOCKED';

function locked(cause: unknown, owner: LockOwner | undefined): NxTicketsError {
  const holder = owner && owner.host === hostname() ? ` (process ${owner.pid})` : '';
  return new NxTicketsError('NX_TICKETS_RUN_LOCKED', 'Another nx-tickets run is in progress in this workspace.', {
    hint: `Wait for it${holder} to finish, or check it with \`nx-tickets status\`. A run that died is taken over at once when it ran on this machine, else after 30 seconds.`,
    cause,
  });
}

async function readOwner(path: string): Promise<LockOwner | undefined> {
  try {
    const owner = JSON.parse(await readFile(path, 'utf8')) as Partial<LockOwner>;
    if (typeof owner.pid !== 'number' || typeof owner.host !== 'string' || typeof owner.lock !== 'number') return undefined;
    return owner as LockOwner;
  } catch {
    return undefined;
  }
}

/** The lock folder is the one `owner` took, on this host, and its process is gone. */
async function heldByDeadProcess(owner: LockOwner, lockPath: string): Promise<boolean> {
  if (owner.host !== hostname() || owner.pid === process.pid) return false;
  const inode = await stat(lockPath).then((s) => s.ino, () => undefined);
  return inode === owner.lock && !isProcessAlive(owner.pid);
}

