import { describe, expect, test } from 'vitest';
import { markLandedElsewhere } from './mark-landed-elsewhere.js';
import type { RunState, TicketRunState } from './run-state.js';

const ticket = (key: string, fields: Partial<TicketRunState>): TicketRunState => ({ key, title: key, type: 'task', branch: `task/${key}`, status: 'pending', completed: [], attempts: {}, resources: {}, ...fields }) as TicketRunState;

function state(tickets: TicketRunState[]): RunState {
  return { runId: 'r', order: tickets.map((t) => t.key), tickets: Object.fromEntries(tickets.map((t) => [t.key, t])) } as unknown as RunState;
}

describe('markLandedElsewhere', () => {
  test('marks tickets whose key landed after the run started as merged, whatever their status', () => {
    const s = state([
      ticket('L-1', { status: 'running', step: 'implement', head: 'aaa' }),
      ticket('L-2', { status: 'pending' }),
      ticket('L-3', { status: 'failed', error: { step: 'verify', message: 'tests failed' } }),
      ticket('L-4', { status: 'merged', mergedSha: 'old' }),
    ]);
    const marked = markLandedElsewhere(s, new Map([['L-1', 'ddd'], ['L-3', 'eee'], ['L-4', 'fff'], ['X-9', 'ggg']]), 1_000);
    expect(marked).toEqual([{ key: 'L-1', sha: 'ddd' }, { key: 'L-3', sha: 'eee' }]);
    expect(s.tickets['L-1']).toMatchObject({ status: 'merged', mergedSha: 'ddd', mergedElsewhere: true, finishedAt: 1_000, step: undefined });
    expect(s.tickets['L-3']).toMatchObject({ status: 'merged', mergedSha: 'eee', error: undefined });
    expect(s.tickets['L-2']?.status).toBe('pending');
    expect(s.tickets['L-4']?.mergedSha).toBe('old');
  });

  test("a ticket whose own head landed was merged by this run: not 'by another run'", () => {
    const s = state([ticket('L-1', { status: 'merging', step: 'merge', head: 'abc' })]);
    expect(markLandedElsewhere(s, new Map([['L-1', 'abc']]), 5)).toEqual([{ key: 'L-1', sha: 'abc' }]);
    expect(s.tickets['L-1']?.mergedElsewhere).toBeUndefined();
    expect(s.tickets['L-1']?.status).toBe('merged');
  });
});
