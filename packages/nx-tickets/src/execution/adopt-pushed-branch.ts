import type { TicketRunState } from '@nx-tickets/core';
import { changedFiles, createTicketWorktree, linkNodeModules, mergeBaseOf, type PushedTicketBranch } from '../adapters/git/index.js';

/**
 * Make a ticket of the merge job `built` from the branch its shard pushed: the local branch at the
 * pushed head (an existing local branch is kept as it is), its worktree with `node_modules` linked,
 * the steps up to `push` done (`pr` too unless the host opens pull requests: the GitHub host then
 * finds the shard's pull request), and what it was stacked on in its shard, so the merge train
 * replays only its own commits. Mutates `t`.
 *
 * @param now clock reading, ms: the ticket counts as started now, so a related ticket merged by
 *   this job makes the train verify it again after its rebase.
 * @returns a warning when the local branch differs from the pushed one, else `undefined`.
 * @throws NxTicketsError / GitCommandError from making the worktree.
 */
export async function adoptPushedBranch(root: string, t: TicketRunState, pushed: PushedTicketBranch, options: { baseHead: string; now: number; opensPullRequests: boolean }): Promise<string | undefined> {
  const tree = await createTicketWorktree(root, { key: t.key, branch: pushed.branch, startPoint: pushed.head });
  await linkNodeModules(root, tree.path);
  const startPoint = (await mergeBaseOf(root, tree.head, options.baseHead)) ?? options.baseHead;
  Object.assign(t, {
    status: 'built',
    branch: pushed.branch,
    worktree: tree.path,
    workspace: tree.workspaceRoot,
    head: tree.head,
    startPoint,
    actualFiles: await changedFiles(tree.path, pushed.stackedOn?.head ?? startPoint, tree.head).catch(() => undefined),
    completed: ['prepare', 'implement', 'verify', 'commit', 'push', ...(options.opensPullRequests ? [] : ['pr'])],
    startedAt: options.now,
    builtAt: options.now,
    ...(pushed.stackedOn ? { stackedOn: pushed.stackedOn } : {}),
  });
  return tree.head === pushed.head ? undefined : `${t.key}: the local branch ${pushed.branch} (${tree.head.slice(0, 10)}) differs from the pushed one (${pushed.head.slice(0, 10)}); the local one is merged`;
}
