import type { RunState } from '@nx-tickets/core';
import { isAncestor } from '../adapters/git/index.js';

/**
 * Move the state's base head forward to `head`, the base branch as read now, when that descends
 * from it: the base moved outside the train (a person's commit or push, another run's merge, a
 * merge recorded late). It is also recorded as `outsideHead`, so tickets verified without it are
 * verified again before they land. A head that does not descend from the recorded one is left alone.
 *
 * @param root absolute path inside the repository.
 */
export async function followBase(root: string, state: RunState, head: string | undefined): Promise<void> {
  if (head === undefined || head === state.baseHead || !(await isAncestor(root, state.baseHead, head))) return;
  state.baseHead = head;
  state.outsideHead = head;
}
