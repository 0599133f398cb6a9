import { setTimeout as sleep } from 'node:timers/promises';
import type { GitHubClient } from './github-client.js';
import type { GitHubHostSettings } from './github-host-settings.js';

/** Outcome of {@link waitForChecks}. */
export type ChecksOutcome = { ok: true } | { ok: false; reason: string };

const PASSING = new Set(['success', 'neutral', 'skipped']);

/**
 * Poll the check runs of `sha` (`GET /repos/{owner}/{repo}/commits/{ref}/check-runs`) until every
 * one completed, with back-off from `checksPollSeconds` doubling up to 30 s, for at most
 * `checksTimeoutSeconds`. No check runs at all counts as passed.
 *
 * @returns `ok`, or the failed checks / the timeout as a sentence.
 */
export async function waitForChecks(client: GitHubClient, s: GitHubHostSettings, sha: string, signal?: AbortSignal): Promise<ChecksOutcome> {
  const deadline = Date.now() + s.checksTimeoutSeconds * 1000;
  let delay = s.checksPollSeconds * 1000;
  for (;;) {
    const { data } = await client.rest.checks.listForRef({ owner: s.owner, repo: s.repo, ref: sha, per_page: 100 });
    const runs = data.check_runs;
    const failed = runs.filter((r) => r.status === 'completed' && !PASSING.has(r.conclusion ?? ''));
    if (failed.length > 0) return { ok: false, reason: `checks failed on ${sha.slice(0, 12)}: ${failed.map((r) => `${r.name} (${r.conclusion})`).join(', ')}` };
    const pending = runs.filter((r) => r.status !== 'completed');
    if (pending.length === 0) return { ok: true };
    const remaining = deadline - Date.now();
    if (remaining <= 0) return { ok: false, reason: `checks still running after ${s.checksTimeoutSeconds}s: ${pending.map((r) => r.name).join(', ')}` };
    await sleep(Math.min(delay, remaining), undefined, signal ? { signal } : {});
    delay = Math.min(delay * 2, 30_000);
  }
}
