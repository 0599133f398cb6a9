import type { RunState } from './run-state.js';

/**
 * Mark as merged the tickets of a run that another run landed meanwhile: a ticket that is not
 * merged in `state` but whose key is on the base branch (`landed`: key → the base commit carrying
 * its `Ticket:` trailer, read from the commits after the run's `baseStart`). Without this, resuming
 * an interrupted run after a newer run merged one of its tickets ran that ticket again and merged
 * its change a second time. A ticket whose own head is there was merged by this run, which was
 * killed before it saved so. Tickets that failed, were set aside or were blocked count too: the
 * ticket's work is on the base branch, whoever put it there. Pure: changes `state` only.
 *
 * @param now ms since the epoch, for `finishedAt`.
 * @returns the keys marked, with the commit each landed as, in run order.
 */
export function markLandedElsewhere(state: RunState, landed: ReadonlyMap<string, string>, now: number): Array<{ key: string; sha: string }> {
  const marked: Array<{ key: string; sha: string }> = [];
  for (const key of state.order) {
    const t = state.tickets[key];
    const sha = landed.get(key);
    if (!t || sha === undefined || t.status === 'merged') continue;
    // Its own head on the base: this run merged it and was killed before it wrote so.
    Object.assign(t, { status: 'merged', step: undefined, error: undefined, mergedSha: sha, finishedAt: now, ...(sha === t.head ? {} : { mergedElsewhere: true }) });
    marked.push({ key, sha });
  }
  return marked;
}
