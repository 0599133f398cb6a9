import { existsSync } from 'node:fs';
import { mkdir, readdir, realpath, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { isTicketKey, NxTicketsError } from '@nx-tickets/core';
import { execGit, GitCommandError } from './exec-git.js';
import { readCommonDir } from './read-common-dir.js';
import { readHead, resolveCommit } from './read-head.js';
import { findHalfMadeWorktree, gitDirOf, recoverWorktree, waitForGitIn } from './recover-worktree.js';
import { checkBranchNameArgs, checkoutArgs, parseWorktreeList, revParseCommitArgs, worktreeAddArgs, worktreeAddNewBranchArgs, worktreeListArgs, worktreePruneArgs, type WorktreeRecord } from './run-git-commands.js';
import { withRepositoryLock } from './with-repository-lock.js';

/** Options of {@link createTicketWorktree}. */
export interface TicketWorktreeOptions {
  /** Ticket key (`PROJ-123`, `#42`); names the worktree folder. Anything else is refused. */
  key: string;
  /** Short branch name (`feature/PROJ-123-add-avatar`, see `branchNameFor`). */
  branch: string;
  /** Commit (sha) the branch is created at when it does not exist yet. */
  startPoint: string;
  /** Folder of the worktrees, relative to `root` (default `.nx/tickets/worktrees`). */
  worktreesDir?: string;
}

/** A ticket's worktree. */
export interface TicketWorktree {
  /** Absolute path of the worktree (a checkout of the whole repository). */
  path: string;
  /** The workspace inside it: `path`, or `path/<sub>` when the workspace is a sub-folder of the repository. */
  workspaceRoot: string;
  branch: string;
  /** Sha checked out in the worktree. */
  head: string;
  /** False when an existing worktree of this ticket was reused as it is. */
  created: boolean;
}

const fail = (code: string, message: string, hint: string, key: string): NxTicketsError => new NxTicketsError(code, message, { hint, ticket: key, exitCode: 1 });

/** Whether `path` is a directory with entries. */
const isNonEmptyDir = (path: string): Promise<boolean> => readdir(path).then((entries) => entries.length > 0, () => false);

/**
 * Create (or reuse) the worktree of ticket `key` at `<root>/<worktreesDir>/<key>` (`#42` →
 * `issue-42`) with branch `branch` checked out. A missing branch is created at `startPoint`; an
 * existing branch is checked out as it is, never reset. An existing worktree of this ticket on
 * this branch is reused untouched (`created: false`); a stale one (folder deleted) is pruned and
 * created again. Worktree changes are serialised per repository and retried on git lock files, so
 * many tickets can start at once.
 *
 * @param root absolute workspace root (inside the repository's main checkout or any worktree).
 * @throws NxTicketsError `NX_TICKETS_UNSAFE_KEY` (key is not `PROJ-123`/`#42`, e.g. `../../x`),
 *   `NX_TICKETS_UNSAFE_BRANCH` (not a valid branch name), `NX_TICKETS_BRANCH_CHECKED_OUT` (the branch
 *   is checked out in another worktree), `NX_TICKETS_WORKTREE_IN_USE` (the folder holds another branch
 *   or other files), `NX_TICKETS_GIT_REF_NOT_FOUND` (bad `startPoint`); GitCommandError for other git failures.
 */
export async function createTicketWorktree(root: string, options: TicketWorktreeOptions): Promise<TicketWorktree> {
  const { key, startPoint } = options;
  if (!isTicketKey(key)) {
    throw fail('NX_TICKETS_UNSAFE_KEY', `"${key}" is not a ticket key, so no worktree is made for it.`, 'Ticket keys look like PROJ-123 or #42.', key);
  }
  const branch = options.branch.replace(/^refs\/heads\//, '');
  const checked = await execGit(root, checkBranchNameArgs(branch), { okExitCodes: [1, 128] });
  if (checked.exitCode !== 0 || checked.stdout.trim() !== branch) {
    throw fail('NX_TICKETS_UNSAFE_BRANCH', `"${branch}" is not a valid branch name for ${key}.`, 'Use branchNameFor() to derive the branch from the ticket.', key);
  }
  const realRoot = await realpath(root);
  const { prefix } = await readCommonDir(realRoot);
  const path = join(resolve(realRoot, options.worktreesDir ?? '.nx/tickets/worktrees'), key.startsWith('#') ? `issue-${key.slice(1)}` : key);
  const ref = `refs/heads/${branch}`;
  const done = async (created: boolean): Promise<TicketWorktree> => ({ path, workspaceRoot: join(path, prefix), branch, head: await readHead(path), created });

  // Only the worktree's registration runs in the repository's queue; its checkout (most of the
  // time: every file written) runs outside it, so tickets check out at once and the merge train,
  // which moves the base in the same queue, does not wait for them.
  const made = await withRepositoryLock(realRoot, async (): Promise<TicketWorktree> => {
    await removeHalfMadeWorktree(realRoot, path);
    /** The branch's commit, or undefined when there is no such branch. */
    const branchHead = async (): Promise<string | undefined> => {
      const read = await execGit(realRoot, revParseCommitArgs(ref), { okExitCodes: [1] });
      return read.exitCode === 0 && read.stdout.trim() !== '' ? read.stdout.trim() : undefined;
    };
    // Both reads at once: every ticket's start waits for this queue.
    let [listed, head] = await Promise.all([execGit(realRoot, worktreeListArgs()), branchHead()]);
    let worktrees = parseWorktreeList(listed.stdout);
    if (worktrees.some((worktree) => worktree.prunable && (worktree.path === path || worktree.branch === ref))) {
      await execGit(realRoot, worktreePruneArgs());
      worktrees = parseWorktreeList((await execGit(realRoot, worktreeListArgs())).stdout);
    }
    const here: WorktreeRecord | undefined = worktrees.find((worktree) => worktree.path === path);
    if (here?.branch === ref) return done(false);
    if (here) throw fail('NX_TICKETS_WORKTREE_IN_USE', `${path} is a worktree of ${here.branch ?? 'a detached HEAD'}, not of ${branch}.`, `Remove it with "git worktree remove ${path}" or keep working there.`, key);
    const elsewhere = worktrees.find((worktree) => worktree.branch === ref);
    if (elsewhere) throw fail('NX_TICKETS_BRANCH_CHECKED_OUT', `Branch ${branch} of ${key} is checked out in ${elsewhere.path}.`, `Switch that checkout to another branch, then retry ${key}.`, key);
    if (await isNonEmptyDir(path)) throw fail('NX_TICKETS_WORKTREE_IN_USE', `${path} exists and is not a worktree of ${branch}.`, 'Move that folder away, then retry.', key);
    await mkdir(resolve(path, '..'), { recursive: true });
    if (head === undefined) {
      // Branch and worktree in one git call; git refuses when the branch exists (another process
      // may have created it meanwhile), and then the worktree is made on the branch as it is.
      const sha = await resolveCommit(realRoot, startPoint);
      const args = worktreeAddNewBranchArgs(path, branch, sha);
      const added = await execGit(realRoot, args, { okExitCodes: [128, 255] });
      if (added.exitCode === 0) return { path, workspaceRoot: join(path, prefix), branch, head: sha, created: true };
      head = await branchHead();
      if (head === undefined) throw new GitCommandError(args, realRoot, added.exitCode, added.stderr);
    }
    await execGit(realRoot, worktreeAddArgs(path, branch));
    // A new worktree checks out the branch's commit: no need to ask git again.
    return { path, workspaceRoot: join(path, prefix), branch, head, created: true };
  });
  await checkOutIfNeeded(path);
  return made;
}

/**
 * Check out the files of a worktree added with `--no-checkout`, unless that was done: its index
 * exists once the checkout finished. A checkout killed half-way (index missing, maybe a stale
 * `index.lock`) is cleaned up and done again; the branch never moves.
 */
async function checkOutIfNeeded(path: string): Promise<void> {
  const gitDir = await gitDirOf(path);
  if (existsSync(join(gitDir, 'index'))) return;
  await recoverWorktree(path);
  await execGit(path, checkoutArgs());
}

/**
 * A `git worktree add` killed half-way (the runner got SIGKILL while preparing the ticket) leaves a
 * worktree git still marks `locked` (`initializing`): maybe without files, index or even a valid
 * HEAD. Once no git process works on it any more, remove it (it never held anyone's work) so it is
 * created again; the branch, if made, is kept and checked out as it is.
 */
async function removeHalfMadeWorktree(root: string, path: string): Promise<void> {
  const { commonDir } = await readCommonDir(root);
  if ((await findHalfMadeWorktree(commonDir, path)) === undefined) return;
  await waitForGitIn(path, 10_000);
  const admin = await findHalfMadeWorktree(commonDir, path);
  if (admin === undefined) return;
  await rm(path, { recursive: true, force: true });
  await rm(admin, { recursive: true, force: true });
}
