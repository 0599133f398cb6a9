import { setTimeout as sleep } from 'node:timers/promises';
import { readCommonDir } from './read-common-dir.js';

/** Tail of the queue of tasks per repository (keyed by common git dir) and lane, in this thread. */
const queues = new Map<string, Promise<unknown>>();

/**
 * git's messages when another process holds `index.lock`, `config.lock`, a ref lock or
 * `packed-refs.lock` — or is half-way through creating a worktree (`git worktree add` run in
 * parallel by several processes reads a `.git/worktrees/<id>/commondir` still being written, and
 * `git fetch`, which checks every worktree's HEAD, finds a `bad object worktrees/<id>/HEAD`).
 */
const LOCK_ERROR = /Unable to create '[^']*\.lock'|\.lock'?: File exists|could not lock config file|Another git process seems to be running|failed to read [^\n]*\/worktrees\/[^\n]*\/(?:commondir|gitdir|HEAD)|bad object (?:[^\n]*\/)?worktrees\/[^\s/]+\/HEAD/i;

/** Whether `error` is a git failure caused by a lock file another git process holds. */
const isLockError = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'NX_TICKETS_GIT_FAILED' && LOCK_ERROR.test(String((error as { stderr?: unknown }).stderr ?? ''));

/** Options of {@link withRepositoryLock}. */
export interface RepositoryLockOptions {
  /** Tries in all when git reports a held lock file (default 8). */
  attempts?: number;
  /** First back-off delay in ms, doubled per try, plus up to 100% jitter (default 25). */
  delayMs?: number;
  /**
   * The queue of the repository to wait in (default `worktrees`: adding, removing and fetching).
   * Tasks of different lanes run at the same time: the merge train's base moves (`base`) take
   * other lock files than worktree changes, so a ticket's start does not wait for the train, nor
   * the train for worktrees. A lock met anyway is retried like any other.
   */
  lane?: 'worktrees' | 'base' | 'exclude';
}

/**
 * Run `task` exclusively among the tasks queued for the same repository and lane in this thread
 * (worktrees of one repository share the queue: it is keyed by the common git dir of `root`), and retry it
 * with exponential back-off while git fails on a lock file (or a half-made worktree) of another process (another
 * piscina worker, the user's editor, a second nx-tickets). `task` must be safe to run again after
 * such a failure — git takes its locks before changing anything.
 *
 * @returns what `task` resolves to.
 * @throws the task's error once it is not a lock error or the tries are used up; GitCommandError
 *   when `root` is not in a git repository.
 */
export async function withRepositoryLock<T>(root: string, task: () => Promise<T>, options: RepositoryLockOptions = {}): Promise<T> {
  const { commonDir } = await readCommonDir(root);
  const queue = `${commonDir}\0${options.lane ?? 'worktrees'}`;
  const attempts = options.attempts ?? 8;
  const delayMs = options.delayMs ?? 25;
  const run = async (): Promise<T> => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await task();
      } catch (error) {
        if (attempt >= attempts || !isLockError(error)) throw error;
        await sleep(delayMs * 2 ** (attempt - 1) * (1 + Math.random()));
      }
    }
  };
  const previous = queues.get(queue) ?? Promise.resolve();
  const result = previous.then(run, run);
  const tail = result.then(
    () => undefined,
    () => undefined,
  );
  queues.set(queue, tail);
  void tail.then(() => {
    if (queues.get(queue) === tail) queues.delete(queue);
  });
  return result;
}
