import { DEFAULT_PLANNING_OPTIONS, buildPlan, createRunState, type RunState, type StatusSync, type StatusUpdate } from '@nx-tickets/core';
import { describe, expect, it } from 'vitest';
import { StatusSyncQueue, toStatusUpdate } from './status-sync-queue.js';

function runState(): RunState {
  const ticket = (key: string) => ({ key, title: `Do ${key}`, type: 'feature', status: 'ready' as const, priority: 'medium' as const, dependsOn: [], files: [`apps/${key}.ts`], projects: [], resources: {}, description: '', source: 'jira' as const });
  const plan = buildPlan({
    tickets: [ticket('PROJ-1'), ticket('PROJ-2')],
    workspace: { files: [], projects: [], dependencies: {}, codeowners: [], branchDiffs: {}, warnings: [] },
    options: { ...DEFAULT_PLANNING_OPTIONS, base: 'main', today: '2026-11-29', maxThreads: 2 },
  });
  return createRunState({ runId: 'r1', plan, baseStart: 'a'.repeat(40), now: 0, limits: { maxThreads: 2, resources: {} }, unknownFootprint: 'serialize' });
}

/** A ticket system that keeps what it was told, and refuses the keys in `refuse`. */
class RecordingSync implements StatusSync {
  readonly applied: StatusUpdate[] = [];
  constructor(private readonly refuse: string[] = []) {}
  async apply(update: StatusUpdate): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 1));
    if (this.refuse.includes(update.key)) throw new Error('429 Too Many Requests, gave up after 3 tries');
    this.applied.push(update);
  }
}

describe('toStatusUpdate', () => {
  it('maps the ticket events of a run to status updates', () => {
    const state = runState();
    expect(toStatusUpdate({ type: 'ticket:start', at: 1, ticket: 'PROJ-1', branch: 'feature/PROJ-1-do' }, state)).toEqual({ type: 'started', key: 'PROJ-1', branch: 'feature/PROJ-1-do' });
    expect(toStatusUpdate({ type: 'ticket:pr', at: 1, ticket: 'PROJ-1', url: 'https://example.test/pr/4', number: 4 }, state)).toEqual({ type: 'pull-request', key: 'PROJ-1', url: 'https://example.test/pr/4', number: 4 });
    expect(toStatusUpdate({ type: 'ticket:merged', at: 1, ticket: 'PROJ-1', sha: 'b'.repeat(40) }, state)).toEqual({ type: 'merged', key: 'PROJ-1', sha: 'b'.repeat(40), base: 'main' });
    expect(toStatusUpdate({ type: 'ticket:failed', at: 1, ticket: 'PROJ-2', step: 'verify', reason: 'web:test failed' }, state)).toEqual({ type: 'failed', key: 'PROJ-2', status: 'failed', step: 'verify', reason: 'web:test failed' });
    expect(toStatusUpdate({ type: 'ticket:conflict', at: 1, ticket: 'PROJ-2', files: ['a.ts'] }, state)).toMatchObject({ type: 'failed', status: 'conflict', step: 'merge', reason: expect.stringContaining('a.ts') });
    expect(toStatusUpdate({ type: 'ticket:blocked', at: 1, ticket: 'PROJ-2', reason: 'blocked: PROJ-1 failed' }, state)).toMatchObject({ type: 'failed', status: 'blocked' });
    expect(toStatusUpdate({ type: 'step:start', at: 1, ticket: 'PROJ-2', step: 'verify' }, state)).toBeUndefined();
    expect(toStatusUpdate({ type: 'run:start', at: 1 }, state)).toBeUndefined();
  });
});

describe('StatusSyncQueue', () => {
  it('applies updates in order and turns a refused write into a warning, not a failure', async () => {
    const state = runState();
    const sync = new RecordingSync(['PROJ-2']);
    const warnings: string[] = [];
    const queue = new StatusSyncQueue(sync, state, (_u, message) => warnings.push(message));
    queue.push({ type: 'started', key: 'PROJ-1', branch: 'b1' });
    queue.push({ type: 'started', key: 'PROJ-2', branch: 'b2' });
    queue.push({ type: 'merged', key: 'PROJ-1', sha: 'c', base: 'main' });
    expect(state.syncPending).toHaveLength(3);
    await queue.drain();
    expect(sync.applied.map((u) => `${u.type} ${u.key}`)).toEqual(['started PROJ-1', 'merged PROJ-1']);
    expect(warnings).toEqual(['could not update PROJ-2 (started): 429 Too Many Requests, gave up after 3 tries']);
    expect(state.warnings).toEqual(warnings);
    expect(state.syncPending).toEqual([]);
    expect(state.tickets['PROJ-2']?.status).toBe('pending');
  });

  it('leaves what an interrupted run did not apply in the state, and a resumed run applies it', async () => {
    const state = runState();
    const abort = new AbortController();
    const first = new RecordingSync();
    const queue = new StatusSyncQueue(first, state, () => undefined, abort.signal);
    queue.push({ type: 'started', key: 'PROJ-1', branch: 'b1' });
    abort.abort();
    queue.push({ type: 'merged', key: 'PROJ-1', sha: 'c', base: 'main' });
    await queue.drain();
    const saved: RunState = JSON.parse(JSON.stringify(state));
    // Aborted before the queue got to them: both wait in the saved state.
    expect(first.applied).toEqual([]);
    expect(saved.syncPending?.map((u) => u.type)).toEqual(['started', 'merged']);
    const second = new RecordingSync();
    await new StatusSyncQueue(second, saved, () => undefined).drain();
    expect(second.applied.map((u) => u.type)).toEqual(['started', 'merged']);
    expect(saved.syncPending).toEqual([]);
  });
});
