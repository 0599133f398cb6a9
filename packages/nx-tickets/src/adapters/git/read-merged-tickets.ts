import { execGit } from './exec-git.js';
import { branchRef } from './run-git-commands.js';

/**
 * Tickets already merged into the base branch: commits on `base` with a `Ticket: <KEY>` trailer
 * (what the merge train writes). A local ticket file still says `ready` after its run merged it;
 * this is how planning knows it is done.
 *
 * @param base short branch name; a missing branch yields an empty map.
 * @param options `since`: only commits on `base` that are not in this commit's history (what
 *   landed after it), e.g. a run's `baseStart`.
 * @returns key → the newest commit (sha) that carries it.
 */
export async function readMergedTickets(root: string, base: string, options: { since?: string } = {}): Promise<Map<string, string>> {
  const ref = branchRef(base);
  const range = options.since === undefined ? [ref] : [ref, `^${options.since}`];
  const result = await execGit(root, ['log', '--no-color', '--format=%H%x09%(trailers:key=Ticket,valueonly,separator=%x09)', '--end-of-options', ...range, '--'], { okExitCodes: [128] });
  const merged = new Map<string, string>();
  if (result.exitCode !== 0) return merged;
  for (const line of result.stdout.split('\n')) {
    const [sha, ...keys] = line.split('\t');
    for (const key of keys.map((k) => k.trim()).filter(Boolean)) if (sha && !merged.has(key)) merged.set(key, sha);
  }
  return merged;
}
