import { execGit } from './exec-git.js';
import { parseRefList, shortBranchName, listBranchesArgs } from './git-commands.js';
import { matchTicketBranches } from './match-ticket-branches.js';

/** A ticket branch a CI shard pushed, as the merge job finds it. */
export interface PushedTicketBranch {
  /** Branch name on the remote (and the local branch the merge job makes), e.g. `feature/A-1-x`. */
  branch: string;
  /** Its head commit (full sha). */
  head: string;
  /**
   * The other ticket whose work the branch was built on (a shard stacks tickets that must not run
   * at the same time), with that ticket's head: the merge train replays only the commits after it.
   */
  stackedOn?: { key: string; head: string };
}

/** Outcome of {@link findPushedTicketBranches}. */
export interface PushedTicketBranches {
  /** Key → its pushed branch. */
  found: Map<string, PushedTicketBranch>;
  /** Key → why a branch naming the key was not taken (its head is not a commit of that ticket). */
  ignored: Map<string, string>;
}

/**
 * The ticket branches a CI shard pushed to `remote` (already fetched into `refs/remotes/<remote>/`;
 * without a remote, the local branches): for each key the branch named by `preferred` when there
 * is one, else the most recent whose name contains the key. A branch counts only when its head is
 * a commit of that ticket — it carries the `Ticket: <KEY>` trailer the commit step writes — so a
 * person's work-in-progress branch is never merged. Walking back over the ticket's own commits,
 * the first commit of another ticket that the base does not hold is the one it was stacked on.
 *
 * @param preferred key → the branch name a run gives the ticket (`branchNameFor`).
 * @throws GitCommandError when git fails.
 */
export async function findPushedTicketBranches(root: string, options: { remote: string | undefined; base: string; preferred: ReadonlyMap<string, string> }): Promise<PushedTicketBranches> {
  const prefix = options.remote === undefined ? 'refs/heads/' : `refs/remotes/${options.remote}/`;
  const refs = parseRefList((await execGit(root, listBranchesArgs())).stdout).filter((ref) => ref.startsWith(prefix));
  const baseRef = `${prefix}${options.base}`;
  const matched = matchTicketBranches(refs, [...options.preferred.keys()], new Set([baseRef]));
  const found = new Map<string, PushedTicketBranch>();
  const ignored = new Map<string, string>();
  for (const [key, preferredName] of options.preferred) {
    const ref = refs.includes(`${prefix}${preferredName}`) ? `${prefix}${preferredName}` : matched.get(key);
    if (ref === undefined) continue;
    const branch = ref.slice(prefix.length);
    const commits = await ticketCommits(root, ref, baseRef);
    if (commits[0]?.keys.includes(key) !== true) {
      ignored.set(key, `${shortBranchName(ref)} does not end with a commit of ${key} (no "Ticket: ${key}" trailer)`);
      continue;
    }
    const below = commits.find((c) => !c.keys.includes(key));
    const stackedKey = below?.keys[0];
    found.set(key, { branch, head: commits[0].sha, ...(below && stackedKey ? { stackedOn: { key: stackedKey, head: below.sha } } : {}) });
  }
  return { found, ignored };
}

/** The first-parent commits of `ref` that `baseRef` does not hold, newest first, with their `Ticket:` trailers. */
async function ticketCommits(root: string, ref: string, baseRef: string): Promise<Array<{ sha: string; keys: string[] }>> {
  const { stdout } = await execGit(root, ['log', '--first-parent', '--no-color', '--format=%H%x09%(trailers:key=Ticket,valueonly,separator=%x09)', '--end-of-options', ref, `^${baseRef}`, '--']);
  return stdout.split('\n').filter(Boolean).map((line) => {
    const [sha, ...keys] = line.split('\t');
    return { sha: sha as string, keys: keys.map((k) => k.trim()).filter(Boolean) };
  });
}
