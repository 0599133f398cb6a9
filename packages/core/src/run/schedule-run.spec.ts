import { describe, expect, test } from 'vitest';
import { buildPlan } from '../planning/build-plan.js';
import { options, ticket, workspace } from '../testing/fixtures.js';
import type { Ticket } from '../tickets/ticket.js';
import { createRunState } from './create-run-state.js';
import { detectUnplannedOverlaps } from './detect-unplanned-overlaps.js';
import type { RunState } from './run-state.js';
import { requeueTicket, requeueTickets } from './reopen-run.js';
import { decideNextMerge, decidePrefetch, decideStarts, findBlocked, needsReverify } from './schedule-run.js';
import { summarizeRun } from './summarize-run.js';

function runOf(tickets: Ticket[], maxThreads = 3, resources: Record<string, number> = {}): RunState {
  const plan = buildPlan({ tickets, workspace: workspace(), options: options({ maxThreads }) });
  return createRunState({ runId: 'r1', plan, baseStart: 'b0', now: 0, limits: { maxThreads, resources }, unknownFootprint: 'serialize' });
}

function start(state: RunState, key: string, at = 1): void {
  Object.assign(state.tickets[key] as object, { status: 'running', startedAt: at });
}
function build(state: RunState, key: string, head: string, at = 2): void {
  Object.assign(state.tickets[key] as object, { status: 'built', head, builtAt: at });
}
function merge(state: RunState, key: string, at = 3): void {
  Object.assign(state.tickets[key] as object, { status: 'merged', finishedAt: at, mergedSha: `m-${key}` });
  state.baseHead = `m-${key}`;
}

describe('decideStarts', () => {
  test('starts independent tickets up to the thread limit, longest remaining path first', () => {
    const state = runOf(
      [
        ticket('A-1', { files: ['libs/auth/src/login.ts'], estimateMinutes: 30 }),
        ticket('A-2', { files: ['apps/admin/src/main.ts'], estimateMinutes: 60 }),
        ticket('A-3', { files: ['libs/ui/README.md'], estimateMinutes: 120 }),
      ],
      2,
    );
    expect(decideStarts(state, true)).toEqual([
      { key: 'A-3', startPoint: { kind: 'base', sha: 'b0' } },
      { key: 'A-2', startPoint: { kind: 'base', sha: 'b0' } },
    ]);
    expect(decideStarts(state, false)).toEqual([]);
  });

  test('holds a conflicting ticket until the earlier one is merged, then starts it from the new base', () => {
    const state = runOf([ticket('A-1', { files: ['nx.json'] }), ticket('A-2', { files: ['nx.json'] })]);
    expect(decideStarts(state, true).map((d) => d.key)).toEqual(['A-1']);
    start(state, 'A-1');
    build(state, 'A-1', 'h1');
    expect(decideStarts(state, true)).toEqual([]);
    merge(state, 'A-1');
    expect(decideStarts(state, true)).toEqual([{ key: 'A-2', startPoint: { kind: 'base', sha: 'm-A-1' } }]);
  });

  test('stacks a dependent ticket on the head of its one unmerged dependency', () => {
    const state = runOf([ticket('A-1', { files: ['README.md'] }), ticket('A-2', { files: ['libs/ui/README.md'], dependsOn: ['A-1'] })]);
    start(state, 'A-1');
    expect(decideStarts(state, true)).toEqual([]);
    build(state, 'A-1', 'h1');
    expect(decideStarts(state, true)).toEqual([{ key: 'A-2', startPoint: { kind: 'ticket', key: 'A-1', sha: 'h1' } }]);
  });

  test('never starts from just one of several unmerged dependencies', () => {
    const state = runOf([
      ticket('A-1', { files: ['README.md'] }),
      ticket('A-2', { files: ['libs/ui/README.md'] }),
      ticket('A-3', { files: ['apps/admin/src/main.ts'], dependsOn: ['A-1', 'A-2'] }),
    ]);
    build(state, 'A-1', 'h1');
    build(state, 'A-2', 'h2');
    expect(decideStarts(state, true)).toEqual([]);
    merge(state, 'A-1');
    expect(decideStarts(state, true)).toEqual([{ key: 'A-3', startPoint: { kind: 'ticket', key: 'A-2', sha: 'h2' } }]);
  });

  test('waits for the back-off of a ticket retried after an infrastructure failure', () => {
    const state = runOf([ticket('A-1', { files: ['README.md'] })]);
    (state.tickets['A-1'] as { notBefore?: number }).notBefore = 5_000;
    expect(decideStarts(state, true, 4_999)).toEqual([]);
    expect(decideStarts(state, true, 5_000).map((d) => d.key)).toEqual(['A-1']);
  });

  test('respects named resources and runs an unknown footprint alone', () => {
    const state = runOf([ticket('A-1', { files: ['README.md'], resources: { database: 1 } }), ticket('A-2', { files: ['libs/ui/README.md'], resources: { database: 1 } }), ticket('A-3')], 3, { database: 1 });
    expect(decideStarts(state, true).map((d) => d.key)).toEqual(['A-1']);
    start(state, 'A-1');
    build(state, 'A-1', 'h1');
    expect(decideStarts(state, true).map((d) => d.key)).toEqual(['A-2']);
    start(state, 'A-2');
    build(state, 'A-2', 'h2');
    expect(decideStarts(state, true)).toEqual([]);
    merge(state, 'A-1');
    merge(state, 'A-2');
    expect(decideStarts(state, true).map((d) => d.key)).toEqual(['A-3']);
  });
});

describe('findBlocked and decideNextMerge', () => {
  test('blocks the dependents of a failed ticket transitively and lets the others go on', () => {
    const state = runOf([ticket('A-1', { files: ['README.md'] }), ticket('A-2', { files: ['libs/ui/README.md'], dependsOn: ['A-1'] }), ticket('A-3', { files: ['apps/admin/src/main.ts'], dependsOn: ['A-2'] }), ticket('A-4', { files: ['libs/auth/src/login.ts'] })]);
    (state.tickets['A-1'] as { status: string }).status = 'failed';
    expect(findBlocked(state)).toEqual(['A-2', 'A-3']);
    expect(decideStarts(state, true).map((d) => d.key)).toEqual(['A-4']);
  });

  test('merges whichever related ticket is built first and re-verifies the other after it', () => {
    // share the auth project (a relation, not a conflict); A-3 is unrelated.
    const state = runOf([ticket('A-1', { files: ['libs/auth/src/login.ts'] }), ticket('A-2', { files: ['libs/auth/src/redirect.ts'] }), ticket('A-3', { files: ['apps/admin/src/main.ts'] })]);
    expect(state.relations).toEqual([expect.objectContaining({ before: 'A-1', after: 'A-2', kind: 'project', conflict: false })]);
    for (const k of ['A-1', 'A-2', 'A-3']) start(state, k);
    build(state, 'A-2', 'h2');
    build(state, 'A-3', 'h3');
    expect(decideNextMerge(state)).toBe('A-2');
    merge(state, 'A-2');
    expect(decideNextMerge(state)).toBe('A-3');
    merge(state, 'A-3');
    expect(decideNextMerge(state)).toBeUndefined();
    build(state, 'A-1', 'h1');
    expect(decideNextMerge(state)).toBe('A-1');
    expect(needsReverify(state, 'A-1')).toBe(true);
    expect(needsReverify(state, 'A-3')).toBe(false);
  });

  test('merges in conflict order: a ticket waits for the one it conflicts with, even when built first', () => {
    // Planned apart, but the run found that both changed apps/admin/src/main.ts (A-2 got there first).
    const state = runOf([ticket('A-1', { files: ['libs/auth/src/login.ts'] }), ticket('A-2', { files: ['apps/admin/src/main.ts'] })]);
    expect(state.relations).toEqual([]);
    state.relations.push({ before: 'A-2', after: 'A-1', kind: 'file', conflict: true, unplanned: true, items: ['apps/admin/src/main.ts'] });
    start(state, 'A-1');
    start(state, 'A-2');
    build(state, 'A-1', 'h1');
    expect(decideNextMerge(state)).toBeUndefined();
    build(state, 'A-2', 'h2');
    expect(decideNextMerge(state)).toBe('A-2');
  });
});

describe('stacked tickets', () => {
  test('blocks a built ticket whose dependency was set aside, and merges it only after the dependency', () => {
    const state = runOf([ticket('A-1', { files: ['README.md'] }), ticket('A-2', { files: ['libs/ui/README.md'], dependsOn: ['A-1'] })]);
    build(state, 'A-1', 'h1');
    build(state, 'A-2', 'h2');
    expect(decideNextMerge(state)).toBe('A-1');
    (state.tickets['A-1'] as { status: string }).status = 'conflict';
    expect(decideNextMerge(state)).toBeUndefined();
    expect(findBlocked(state)).toEqual(['A-2']);
  });

  test('retries a blocked ticket without losing its finished steps', () => {
    const state = runOf([ticket('A-1', { files: ['README.md'] }), ticket('A-2', { files: ['libs/ui/README.md'], dependsOn: ['A-1'] })]);
    Object.assign(state.tickets['A-1'] as object, { status: 'failed', completed: ['prepare', 'implement'], error: { step: 'verify', message: 'tests failed' } });
    Object.assign(state.tickets['A-2'] as object, { status: 'blocked', completed: ['prepare', 'implement', 'verify', 'commit'], error: { step: 'prepare', message: 'blocked' } });
    expect(requeueTicket(state, 'A-1')).toEqual(['A-1', 'A-2']);
    expect(state.tickets['A-1']).toMatchObject({ status: 'pending', completed: ['prepare', 'implement'] });
    expect(state.tickets['A-2']).toMatchObject({ status: 'built', completed: ['prepare', 'implement', 'verify', 'commit'] });
    expect(() => requeueTicket(state, 'A-1')).toThrowError(expect.objectContaining({ code: 'NX_TICKETS_NOT_RETRYABLE' }));
    expect(requeueTicket(state, 'A-2', ['A-1', 'A-2'])).toEqual([]);
  });

  test('refuses to retry a blocked ticket alone while what it depends on still failed, and takes both together', () => {
    const failedPair = () => {
      const state = runOf([ticket('A-1', { files: ['README.md'] }), ticket('A-2', { files: ['libs/ui/README.md'], dependsOn: ['A-1'] })]);
      Object.assign(state.tickets['A-1'] as object, { status: 'failed', completed: ['prepare', 'implement'], error: { step: 'verify', message: 'tests failed' } });
      Object.assign(state.tickets['A-2'] as object, { status: 'blocked', error: { step: 'prepare', message: 'blocked' } });
      return state;
    };
    expect(() => requeueTickets(failedPair(), ['A-2'])).toThrowError(
      expect.objectContaining({ code: 'NX_TICKETS_NOT_RETRYABLE', message: 'A-2 depends on A-1 (failed): retried alone it would be blocked again.', hint: expect.stringContaining('`nx-tickets retry A-1 A-2`') }),
    );
    expect(requeueTickets(failedPair(), ['A-2', 'A-1'])).toEqual(['A-2', 'A-1']);
    expect(requeueTickets(failedPair(), ['A-1'])).toEqual(['A-1', 'A-2']);
  });

  test('verifies again on retry even when the ticket failed after verifying', () => {
    const state = runOf([ticket('A-1', { files: ['README.md'] })]);
    Object.assign(state.tickets['A-1'] as object, { status: 'failed', completed: ['prepare', 'implement', 'verify'], error: { step: 'commit', message: 'the implement command changed no file' } });
    requeueTicket(state, 'A-1');
    expect(state.tickets['A-1']).toMatchObject({ status: 'pending', completed: ['prepare', 'implement'] });
  });
});

describe('detectUnplannedOverlaps', () => {
  test('reports a shared file between tickets that were only related by a project dependency', () => {
    const state = runOf([ticket('A-1', { files: ['libs/ui/src/button.tsx'] }), ticket('A-2', { files: ['apps/admin/src/main.ts'] })]);
    expect(state.relations.map((r) => r.kind)).toEqual(['dependency']);
    Object.assign(state.tickets['A-1'] as object, { status: 'built', actualFiles: ['libs/ui/src/button.tsx', 'libs/ui/src/index.ts'] });
    Object.assign(state.tickets['A-2'] as object, { status: 'built', actualFiles: ['apps/admin/src/main.ts', 'libs/ui/src/index.ts'] });
    expect(detectUnplannedOverlaps(state, 'A-2')).toEqual([{ before: 'A-1', after: 'A-2', kind: 'file', conflict: true, unplanned: true, items: ['libs/ui/src/index.ts'] }]);
  });

  test('reports files two tickets actually share when the plan had no relation', () => {
    const state = runOf([ticket('A-1', { files: ['libs/auth/src/login.ts'] }), ticket('A-2', { files: ['apps/admin/src/main.ts'] })]);
    Object.assign(state.tickets['A-1'] as object, { status: 'built', actualFiles: ['libs/auth/src/login.ts', 'apps/admin/src/main.ts'] });
    expect(detectUnplannedOverlaps(state, 'A-1')).toEqual([{ before: 'A-1', after: 'A-2', kind: 'file', conflict: true, unplanned: true, items: ['apps/admin/src/main.ts'] }]);
  });
});

describe('state machine as a whole', () => {
  test('drives random plans to completion without ever running conflicting tickets together', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const files = workspace().files;
    for (let trial = 0; trial < 30; trial += 1) {
      const tickets = Array.from({ length: 12 }, (_, i) =>
        ticket(`T-${i + 1}`, {
          files: [files[Math.floor(random() * files.length)] as string],
          estimateMinutes: 10 + Math.floor(random() * 50),
          dependsOn: i > 0 && random() < 0.2 ? [`T-${1 + Math.floor(random() * i)}`] : [],
        }),
      );
      const state = runOf(tickets, 3);
      let now = 0;
      const finishAt = new Map<string, number>();
      for (let guard = 0; guard < 200; guard += 1) {
        for (const d of decideStarts(state, true)) {
          start(state, d.key, now);
          finishAt.set(d.key, now + (state.tickets[d.key] as { estimateMinutes: number }).estimateMinutes);
        }
        const running = Object.values(state.tickets).filter((t) => t.status === 'running');
        expect(running.length).toBeLessThanOrEqual(3);
        for (const r of state.relations.filter((x) => x.conflict)) {
          expect(running.some((t) => t.key === r.before) && running.some((t) => t.key === r.after)).toBe(false);
        }
        const next = running.sort((a, b) => (finishAt.get(a.key) as number) - (finishAt.get(b.key) as number))[0];
        if (next) {
          now = finishAt.get(next.key) as number;
          build(state, next.key, `h-${next.key}`, now);
        }
        for (let m = decideNextMerge(state); m; m = decideNextMerge(state)) merge(state, m, now);
        if (Object.values(state.tickets).every((t) => t.status === 'merged')) break;
      }
      expect(Object.values(state.tickets).map((t) => t.status)).toEqual(tickets.map(() => 'merged'));
      expect(summarizeRun(state, now).successRate).toBe(1);
    }
  });
});

describe('built-in resources', () => {
  const plan = (tickets: Ticket[]) => buildPlan({ tickets, workspace: workspace(), options: options({ maxThreads: 4 }) });
  const files = ['libs/auth/src/login.ts', 'apps/admin/src/main.ts', 'libs/ui/README.md', 'README.md'];

  test('tickets that declare CPU slots share the machine\'s cores; the others are not held back', () => {
    const tickets = files.map((file, i) => ticket(`C-${i + 1}`, { files: [file], resources: i < 3 ? { cpu: 1 } : {} }));
    const state = createRunState({ runId: 'r', plan: plan(tickets), baseStart: 'b0', now: 0, limits: { maxThreads: 4, resources: {}, cpuSlots: 2 }, unknownFootprint: 'serialize' });
    expect(state.limits.resources).toEqual({ cpu: 2 });
    expect(decideStarts(state, true).map((d) => d.key).sort()).toEqual(['C-1', 'C-2', 'C-4']);
  });

  test('a configured cpu resource wins over the machine\'s cores', () => {
    const tickets = files.map((file, i) => ticket(`C-${i + 1}`, { files: [file], resources: { cpu: 1 } }));
    const state = createRunState({ runId: 'r', plan: plan(tickets), baseStart: 'b0', now: 0, limits: { maxThreads: 4, resources: { cpu: 3 }, cpuSlots: 2 }, unknownFootprint: 'serialize' });
    expect(decideStarts(state, true)).toHaveLength(3);
  });

  test('declared memory is reserved against the run\'s memory budget; a ticket above the budget runs alone', () => {
    const tickets = files.map((file, i) => ticket(`M-${i + 1}`, { files: [file] }));
    const memoryMb = { 'M-1': 3000, 'M-2': 1500, 'M-3': 1000, 'M-4': 9000 };
    const state = createRunState({ runId: 'r', plan: plan(tickets), baseStart: 'b0', now: 0, limits: { maxThreads: 4, resources: {}, memoryBudgetMb: 4096 }, memoryMb, unknownFootprint: 'serialize' });
    expect(state.tickets['M-1']?.resources).toEqual({ memoryMb: 3000 });
    expect(decideStarts(state, true).map((d) => d.key).sort()).toEqual(['M-1', 'M-3']);
    for (const key of ['M-1', 'M-3']) start(state, key);
    expect(decideStarts(state, true)).toEqual([]);
    for (const key of ['M-1', 'M-3']) merge(state, key);
    // M-2 (1,500 MiB) first in plan order; M-4 (9,000 MiB, more than the budget) waits to run alone.
    expect(decideStarts(state, true).map((d) => d.key)).toEqual(['M-2']);
    start(state, 'M-2');
    expect(decideStarts(state, true)).toEqual([]);
    merge(state, 'M-2');
    expect(decideStarts(state, true).map((d) => d.key)).toEqual(['M-4']);
  });

  test('without a memory budget, declared memory does not hold tickets back', () => {
    const tickets = files.map((file, i) => ticket(`M-${i + 1}`, { files: [file] }));
    const state = createRunState({ runId: 'r', plan: plan(tickets), baseStart: 'b0', now: 0, limits: { maxThreads: 4, resources: {} }, memoryMb: { 'M-1': 90_000 }, unknownFootprint: 'serialize' });
    expect(state.tickets['M-1']?.resources).toEqual({});
    expect(decideStarts(state, true)).toHaveLength(4);
  });
});

describe('decidePrefetch', () => {
  test('names the ticket that starts next once every thread is busy, skipping prepared ones', () => {
    const state = runOf(
      [
        ticket('A-1', { files: ['libs/a/x.ts'], estimateMinutes: 120 }),
        ticket('A-2', { files: ['libs/b/x.ts'], estimateMinutes: 60 }),
        ticket('A-3', { files: ['libs/c/x.ts'], estimateMinutes: 30 }),
        ticket('A-4', { files: ['libs/d/x.ts'], estimateMinutes: 10 }),
      ],
      2,
    );
    expect(decidePrefetch(state)).toBeUndefined(); // threads are free: tickets start instead
    start(state, 'A-1');
    start(state, 'A-2');
    expect(decidePrefetch(state)).toEqual({ key: 'A-3', startPoint: { kind: 'base', sha: 'b0' } });
    expect(decidePrefetch(state, new Set(['A-3']))).toEqual({ key: 'A-4', startPoint: { kind: 'base', sha: 'b0' } });
    expect(decidePrefetch(state, new Set(['A-3', 'A-4']))).toBeUndefined();
  });

  test('never prepares a ticket that waits for a conflict or would start from another ticket', () => {
    const state = runOf(
      [
        ticket('A-1', { files: ['nx.json'] }),
        ticket('A-2', { files: ['nx.json'] }),
        ticket('A-3', { files: ['libs/c/x.ts'], dependsOn: ['A-1'] }),
      ],
      1,
    );
    start(state, 'A-1');
    expect(decidePrefetch(state)).toBeUndefined(); // A-2 conflicts with the running A-1; A-3 needs A-1's work
    build(state, 'A-1', 'h1');
    // A-3 would start from A-1's head, decided when it starts; A-2 still waits for A-1 to merge.
    start(state, 'A-3');
    expect(decidePrefetch(state)).toBeUndefined();
    merge(state, 'A-1');
    expect(decidePrefetch(state)).toEqual({ key: 'A-2', startPoint: { kind: 'base', sha: 'm-A-1' } });
  });
});

describe('shard runs', () => {
  const shardOf = (tickets: Ticket[]): RunState => ({ ...runOf(tickets), ci: { kind: 'shard', index: 1, total: 2 } });

  test('builds conflicting tickets one on top of the other instead of waiting for a merge', () => {
    const state = shardOf([ticket('A-1', { files: ['nx.json'] }), ticket('A-2', { files: ['nx.json'] }), ticket('A-3', { files: ['apps/admin/src/main.ts'] })]);
    expect(decideStarts(state, true).map((d) => d.key).sort()).toEqual(['A-1', 'A-3']);
    start(state, 'A-1');
    start(state, 'A-3');
    expect(decideStarts(state, true)).toEqual([]);
    build(state, 'A-1', 'h1');
    expect(decideStarts(state, true)).toEqual([{ key: 'A-2', startPoint: { kind: 'ticket', key: 'A-1', sha: 'h1' } }]);
  });

  test('stacks on the latest built ticket of the group and skips a failed one', () => {
    const state = shardOf([ticket('A-1', { files: ['nx.json'] }), ticket('A-2', { files: ['nx.json'] }), ticket('A-3', { files: ['nx.json'] })]);
    start(state, 'A-1');
    build(state, 'A-1', 'h1');
    start(state, 'A-2');
    Object.assign(state.tickets['A-2'] as object, { status: 'failed' });
    expect(decideStarts(state, true)).toEqual([{ key: 'A-3', startPoint: { kind: 'ticket', key: 'A-1', sha: 'h1' } }]);
  });

  test('never merges: the merge job does', () => {
    const state = shardOf([ticket('A-1', { files: ['nx.json'] })]);
    start(state, 'A-1');
    build(state, 'A-1', 'h1');
    expect(decideNextMerge(state)).toBeUndefined();
    expect(decideStarts(state, true)).toEqual([]);
  });

  test('starts an unknown-footprint ticket once the tickets before it are built', () => {
    const state = shardOf([ticket('A-1', { files: ['nx.json'], estimateMinutes: 120 }), ticket('U-1', {})]);
    expect(state.tickets['U-1']?.exclusive).toBe(true);
    start(state, 'A-1');
    expect(decideStarts(state, true)).toEqual([]);
    build(state, 'A-1', 'h1');
    expect(decideStarts(state, true)).toEqual([{ key: 'U-1', startPoint: { kind: 'base', sha: 'b0' } }]);
  });
});

describe('shard runs and unplanned overlaps', () => {
  test('keeps the planned chains when an overlap found during the run joins two groups', () => {
    const state: RunState = { ...runOf([ticket('A-1', { files: ['nx.json'] }), ticket('B-1', { files: ['apps/admin/src/main.ts'] }), ticket('A-2', { files: ['nx.json'], dependsOn: ['A-1'] })]), ci: { kind: 'shard', index: 1, total: 1 } };
    state.order = ['A-1', 'B-1', 'A-2'];
    start(state, 'A-1');
    start(state, 'B-1');
    build(state, 'A-1', 'h1');
    build(state, 'B-1', 'hb');
    state.relations.push({ before: 'A-1', after: 'B-1', kind: 'file', conflict: true, unplanned: true, items: ['x'] });
    expect(decideStarts(state, true)).toEqual([{ key: 'A-2', startPoint: { kind: 'ticket', key: 'A-1', sha: 'h1' } }]);
  });
});
