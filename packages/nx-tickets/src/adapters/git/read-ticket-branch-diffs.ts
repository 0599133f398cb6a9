import type { TicketBranchDiff } from '@nx-tickets/core';
import type { SimpleGit } from 'simple-git';
import { branchDiffArgs, listBranchesArgs, parseNulList, parseRefList, shortBranchName, verifyCommitArgs } from './git-commands.js';
import { matchTicketBranches } from './match-ticket-branches.js';
import { openGit } from './open-git.js';

/** What {@link readTicketBranchDiffs} found. */
export interface TicketBranchDiffs {
  /** Ticket key → its branch and the files it changed. Keys without a branch are absent. */
  diffs: Record<string, TicketBranchDiff>;
  /** Why some or all diffs could not be read (not a repository, unknown base, unrelated history). */
  warnings: string[];
}

/** Full ref for the base: local branch, else `origin/<base>`, else another remote's, else the text (tag, sha). */
async function resolveBase(git: SimpleGit, refs: readonly string[], base: string): Promise<string | undefined> {
  const candidates = [`refs/heads/${base}`, `refs/remotes/origin/${base}`, ...refs.filter((r) => r.startsWith('refs/remotes/') && r.endsWith(`/${base}`))];
  const found = candidates.find((candidate) => refs.includes(candidate));
  if (found) return found;
  try {
    return (await git.raw(verifyCommitArgs(base))).trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * For each ticket key, the existing branch whose name contains the key (see `branchNamesKey`;
 * local branches win over remote ones, then the most recent) and the files it changed since its
 * merge-base with `base` (`git diff --name-only base...branch`). Branches are listed once. Never
 * throws for repository problems: they come back as warnings and planning goes on without diffs.
 *
 * @param root absolute workspace root; paths are relative to it.
 * @param keys ticket keys (data, never passed to git).
 * @param base base branch name (or tag/sha), e.g. `main`.
 * @param options `remote: false` reads local branches only: CI runners (the matrix, each shard, the
 *   merge job) must plan alike although shards push ticket branches to the remote meanwhile.
 */
export async function readTicketBranchDiffs(root: string, keys: readonly string[], base: string, options: { remote?: boolean } = {}): Promise<TicketBranchDiffs> {
  const opened = await openGit(root);
  if (!opened.git) return { diffs: {}, warnings: [`ticket branches not read: ${opened.reason}`] };
  const git = opened.git;
  if (keys.length === 0) return { diffs: {}, warnings: [] };
  const refs = parseRefList(await git.raw(listBranchesArgs()));
  const baseRef = await resolveBase(git, refs, base);
  if (baseRef === undefined) {
    return { diffs: {}, warnings: [`ticket branches not read: base branch "${base}" was not found; fetch it or set options.baseBranch in nx.json (or pass --base)`] };
  }
  const isBase = (ref: string): boolean =>
    ref === baseRef || ref === `refs/heads/${base}` || (ref.startsWith('refs/remotes/') && shortBranchName(ref).replace(/^[^/]+\//, '') === base);
  const candidates = options.remote === false ? refs.filter((ref) => ref.startsWith('refs/heads/')) : refs;
  const matches = matchTicketBranches(candidates, keys, new Set(refs.filter(isBase)));
  const warnings: string[] = [];
  const found = await Promise.all(
    [...matches].map(async ([key, ref]): Promise<[string, TicketBranchDiff] | undefined> => {
      try {
        return [key, { branch: shortBranchName(ref), ...(ref.startsWith('refs/heads/') ? { local: true } : {}), files: parseNulList(await git.raw(branchDiffArgs(baseRef, ref))).sort() }];
      } catch (error) {
        warnings.push(`${key}: branch ${shortBranchName(ref)} could not be compared with ${base} (${(error as Error).message.trim().split('\n')[0]}); its diff is not used`);
        return undefined;
      }
    }),
  );
  const diffs = Object.fromEntries(found.filter((entry) => entry !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return { diffs, warnings: warnings.sort() };
}
