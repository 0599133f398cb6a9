import type { RunPause } from './run-state.js';

/**
 * The time between `from` and `to` the run was going on: `to - from` less the parts of the run's
 * pauses (interrupted until resumed) that fall inside it. 0 when `to` is not after `from`.
 */
export function activeMs(from: number, to: number, pauses: readonly RunPause[] = []): number {
  if (to <= from) return 0;
  let paused = 0;
  for (const pause of pauses) paused += Math.max(0, Math.min(to, pause.to) - Math.max(from, pause.from));
  return Math.max(0, to - from - paused);
}
