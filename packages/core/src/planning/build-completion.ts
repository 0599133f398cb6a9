import type { SelectionScope } from '../tickets/select-tickets.js';
import { compareKeys } from './order-tickets.js';
import type { Completion } from './plan.js';

/**
 * The epic/sprint progress view: stories done/open, points, working days left until the sprint
 * ends and whether the parallel estimate (plus buffer) fits in them.
 *
 * @param parallelMinutes estimated wall time of the plan, minutes.
 * @param options `today` `YYYY-MM-DD`; `minutesPerDay` working minutes a day; `bufferRatio` 0..1.
 */
export function buildCompletion(
  scope: SelectionScope,
  parallelMinutes: number,
  options: { today: string; minutesPerDay: number; bufferRatio: number },
): Completion {
  const stories = [...scope.tickets]
    .sort((a, b) => compareKeys(a.key, b.key))
    .map((t) => ({ key: t.key, title: t.title, done: t.status === 'done', ...(t.points === undefined ? {} : { points: t.points }) }));
  const pointsTotal = stories.reduce((sum, s) => sum + (s.points ?? 0), 0);
  const pointsRemaining = stories.reduce((sum, s) => sum + (s.done ? 0 : (s.points ?? 0)), 0);
  const end = scope.sprint?.end;
  const daysLeft = end === undefined ? null : workingDaysBetween(options.today, end);
  let fits: boolean | null = null;
  let overshootMinutes = 0;
  if (daysLeft !== null) {
    const available = daysLeft * options.minutesPerDay * (1 - options.bufferRatio);
    fits = parallelMinutes <= available;
    overshootMinutes = fits ? 0 : Math.round(parallelMinutes - available);
  }
  return {
    scope: { kind: scope.kind, name: scope.name },
    stories,
    done: stories.filter((s) => s.done).length,
    total: stories.length,
    pointsTotal,
    pointsRemaining,
    daysLeft,
    fits,
    overshootMinutes,
  };
}

/**
 * Monday-to-Friday days from `from` to `to`, both included (0 when `to` is before `from`).
 * Dates are `YYYY-MM-DD`, read as UTC calendar days.
 */
export function workingDaysBetween(from: string, to: string): number {
  const day = 86_400_000;
  const start = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`);
  if (Number.isNaN(start) || Number.isNaN(end) || end < start) return 0;
  let count = 0;
  for (let t = start; t <= end; t += day) {
    const weekday = new Date(t).getUTCDay();
    if (weekday !== 0 && weekday !== 6) count += 1;
  }
  return count;
}
