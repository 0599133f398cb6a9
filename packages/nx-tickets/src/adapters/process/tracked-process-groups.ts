/** A live child process group started by `spawnTracked`. */
export interface TrackedProcessGroup {
  /** Process group id, equal to the pid of the program `spawnTracked` started. */
  pgid: number;
  argv: readonly string[];
  cwd: string;
  /** Epoch milliseconds when it started. */
  startedAtMs: number;
}

interface Entry extends TrackedProcessGroup {
  /** Signal the group and remember it was stopped from outside (the result says `aborted`). */
  kill(signal: NodeJS.Signals): void;
}

const live = new Map<number, Entry>();

/** The process groups `spawnTracked` started in this thread that have not exited yet. */
export function trackedProcessGroups(): TrackedProcessGroup[] {
  return [...live.values()].map(({ pgid, argv, cwd, startedAtMs }) => ({ pgid, argv, cwd, startedAtMs }));
}

/**
 * Sends `signal` to every tracked group, for a shutdown handler (SIGINT). With `SIGTERM` each group
 * still gets `SIGKILL` after its `graceMs` — as long as this process lives: a handler that exits
 * right away should call `killAllTracked('SIGKILL')` last. Their `spawnTracked` calls resolve with
 * `aborted: true`. Only groups started in this thread are known: a worker thread has its own list.
 *
 * @returns how many groups were signalled.
 */
export function killAllTracked(signal: NodeJS.Signals = 'SIGTERM'): number {
  const entries = [...live.values()];
  for (const entry of entries) entry.kill(signal);
  return entries.length;
}

/** @internal Used by `spawnTracked` only; returns the function that forgets the group. */
export function trackProcessGroup(entry: Entry): () => void {
  live.set(entry.pgid, entry);
  return () => live.delete(entry.pgid);
}
