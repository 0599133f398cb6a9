import { existsSync } from 'node:fs';
import { readdir, readFile, readlink, rm } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execGit } from './exec-git.js';

/** Options of {@link recoverWorktree}. */
export interface RecoverWorktreeOptions {
  /** How long to wait for git processes still working in the worktree, ms (default 10 000). */
  waitMs?: number;
}

/**
 * Make a ticket's worktree usable again after the runner was killed (SIGKILL, a crash) in the middle
 * of a git command there. A healthy worktree costs one `git rev-parse` and is left as it is.
 *
 * When the worktree's git dir holds a lock file (`index.lock`, `HEAD.lock`, …), a rebase
 * (`rebase-merge`, `rebase-apply`) or a merge (`MERGE_HEAD`) left half-done: first wait (up to
 * `waitMs`) for git processes still working in the worktree — the killed runner's children run on
 * to their end when only the runner was killed (found through `/proc/<pid>/cwd`; Linux only) — then
 * remove the lock files that are left (nobody holds them any more), and abort the rebase or merge:
 * the branch goes back to the commit it had before, and the step that ran it starts again.
 *
 * @param worktree absolute path of a linked worktree of the run.
 * @returns what was done, as short phrases (empty when nothing was needed).
 * @throws GitCommandError when `worktree` is not a git working tree.
 */
export async function recoverWorktree(worktree: string, options: RecoverWorktreeOptions = {}): Promise<string[]> {
  const gitDir = await gitDirOf(worktree);
  const locks = async () => (await readdir(gitDir).catch(() => [] as string[])).filter((name) => name.endsWith('.lock'));
  const rebasing = () => existsSync(join(gitDir, 'rebase-merge')) || existsSync(join(gitDir, 'rebase-apply'));
  const merging = () => existsSync(join(gitDir, 'MERGE_HEAD'));
  if ((await locks()).length === 0 && !rebasing() && !merging()) return [];

  const done: string[] = [];
  await waitForGitIn(worktree, options.waitMs ?? 10_000);
  for (const lock of await locks()) {
    await rm(join(gitDir, lock), { force: true });
    done.push(`removed a stale ${lock}`);
  }
  if (rebasing()) {
    const headName = await readFile(join(gitDir, existsSync(join(gitDir, 'rebase-merge')) ? 'rebase-merge' : 'rebase-apply', 'head-name'), 'utf8').then((text) => text.trim(), () => '');
    const aborted = await execGit(worktree, ['rebase', '--abort'], { okExitCodes: [1, 128] });
    if (aborted.exitCode !== 0) {
      // The rebase state is damaged: drop it and go back to the branch, which still points at its commit.
      await execGit(worktree, ['rebase', '--quit'], { okExitCodes: [1, 128] });
      if (headName.startsWith('refs/heads/')) await execGit(worktree, ['symbolic-ref', 'HEAD', headName]);
      await execGit(worktree, ['reset', '--hard', '--quiet']);
    }
    done.push('aborted an interrupted rebase');
  }
  if (merging()) {
    await execGit(worktree, ['merge', '--abort'], { okExitCodes: [1, 128] });
    done.push('aborted an interrupted merge');
  }
  return done;
}

/**
 * Wait (up to `waitMs`) until no live `git` process works in `dir` — its working directory is `dir`
 * or below, or `dir` is one of its arguments (`git worktree add <dir>`). Linux only (`/proc`);
 * elsewhere it returns at once.
 */
export async function waitForGitIn(dir: string, waitMs: number): Promise<void> {
  const deadline = Date.now() + waitMs;
  while ((await gitProcessesIn(dir)).length > 0 && Date.now() < deadline) await sleep(50);
}

async function gitProcessesIn(dir: string): Promise<number[]> {
  const found: number[] = [];
  for (const entry of await readdir('/proc').catch(() => [] as string[])) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    const cwd = await readlink(`/proc/${entry}/cwd`).catch(() => '');
    const inside = cwd === dir || cwd.startsWith(`${dir}/`) || (await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '')).split('\0').includes(dir);
    if (!inside) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    const name = /\(([^)]*)\)/.exec(stat)?.[1] ?? '';
    const zombie = stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
    if (!zombie && (name === 'git' || name.startsWith('git-') || basename(name) === 'git')) found.push(Number(entry));
  }
  return found;
}

/**
 * The admin folder (`<common dir>/worktrees/<id>`) of a worktree at `path` whose `git worktree add`
 * never finished — git still marks it `locked` with the reason `initializing` — or undefined.
 */
export async function findHalfMadeWorktree(commonDir: string, path: string): Promise<string | undefined> {
  const admin = join(commonDir, 'worktrees');
  for (const id of await readdir(admin).catch(() => [] as string[])) {
    const gitdir = await readFile(join(admin, id, 'gitdir'), 'utf8').then((text) => text.trim(), () => '');
    if (gitdir !== join(path, '.git')) continue;
    const reason = await readFile(join(admin, id, 'locked'), 'utf8').then((text) => text.trim(), () => undefined);
    return reason === 'initializing' ? join(admin, id) : undefined;
  }
  return undefined;
}

/** The git dir of a worktree, from its `.git` file (`gitdir: …`) without starting git; git when that fails. */
export async function gitDirOf(worktree: string): Promise<string> {
  const link = await readFile(join(worktree, '.git'), 'utf8').catch(() => '');
  const match = /^gitdir: (.+)$/m.exec(link);
  if (match) return resolve(worktree, (match[1] as string).trim());
  return (await execGit(worktree, ['rev-parse', '--absolute-git-dir'])).stdout.trim();
}
