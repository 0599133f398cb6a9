import { describe, expect, test } from 'vitest';
import { ticket } from '../testing/fixtures.js';
import { selectTickets } from './select-tickets.js';

const sprints = [
  { name: 'Sprint 14', start: '2026-11-02', end: '2026-11-13' },
  { name: 'Sprint 15', start: '2026-11-16', end: '2026-11-27' },
];
const all = [
  ticket('EPIC-10', { type: 'epic' }),
  ticket('PROJ-1', { epic: 'EPIC-10', sprint: 'Sprint 15', status: 'done', points: 3 }),
  ticket('PROJ-2', { epic: 'EPIC-10', sprint: 'Sprint 15', points: 5 }),
  ticket('PROJ-3', { epic: 'EPIC-10', sprint: 'sprint 15', dependsOn: ['PROJ-4'] }),
  ticket('PROJ-4', { status: 'in-progress', dependsOn: ['PROJ-1', 'PROJ-5'] }),
  ticket('PROJ-5', { status: 'blocked' }),
];
const today = '2026-11-20';

describe('selectTickets', () => {
  test('selects explicit keys and reports unknown and done ones by name', () => {
    const result = selectTickets(all, { keys: ['PROJ-2', 'PROJ-9', 'PROJ-1'] }, { today, sprints });
    expect(result.selected.map((t) => t.key)).toEqual(['PROJ-2']);
    expect(result.errors.map((e) => e.message)).toEqual(['unknown ticket PROJ-9', 'PROJ-1 is done; done tickets are not planned']);
  });

  test('selects the open tickets of an epic and keeps done ones in scope', () => {
    const result = selectTickets(all, { keys: [], epic: 'EPIC-10' }, { today, sprints });
    expect(result.selected.map((t) => t.key)).toEqual(['PROJ-2', 'PROJ-3']);
    expect(result.scope?.tickets.map((t) => t.key)).toEqual(['PROJ-1', 'PROJ-2', 'PROJ-3']);
    expect(result.warnings.map((w) => w.message)).toContain('depends on PROJ-4, which is not selected and not done; select it too or pass --with-dependencies');
  });

  test('resolves the current sprint from the configured dates', () => {
    const result = selectTickets(all, { keys: [], sprint: 'current' }, { today, sprints });
    expect(result.scope).toMatchObject({ kind: 'sprint', name: 'Sprint 15', sprint: { end: '2026-11-27' } });
    expect(result.selected.map((t) => t.key)).toEqual(['PROJ-2', 'PROJ-3']);
  });

  test('finds a sprint by its tracker id as well as by name', () => {
    const tracked = [{ name: 'Sprint 15', id: '42', start: '2026-11-16', end: '2026-11-27' }];
    const result = selectTickets(all, { keys: [], sprint: '42' }, { today, sprints: tracked });
    expect(result.scope).toMatchObject({ kind: 'sprint', name: 'Sprint 15' });
    expect(result.selected.map((t) => t.key)).toEqual(['PROJ-2', 'PROJ-3']);
  });

  test('says when no configured sprint contains today', () => {
    const result = selectTickets(all, { keys: [], sprint: 'current' }, { today: '2026-12-24', sprints });
    expect(result.errors[0]?.message).toMatch(/^no current sprint: none of the 2 configured sprints includes 2026-12-24/);
  });

  test('adds open dependencies transitively and skips done ones with --with-dependencies', () => {
    const result = selectTickets(all, { keys: ['PROJ-3'], withDependencies: true }, { today, sprints });
    expect(result.selected.map((t) => t.key)).toEqual(['PROJ-3', 'PROJ-4', 'PROJ-5']);
    expect(result.warnings.map((w) => w.message)).toEqual(['has status blocked in its source']);
  });

  test('names a dependency cycle', () => {
    const cyclic = [ticket('A-1', { dependsOn: ['A-3'] }), ticket('A-2', { dependsOn: ['A-1'] }), ticket('A-3', { dependsOn: ['A-2'] })];
    const result = selectTickets(cyclic, { keys: ['A-1', 'A-2', 'A-3'] }, { today, sprints });
    expect(result.errors.map((e) => e.message)).toEqual(['dependency cycle: A-1 → A-3 → A-2 → A-1']);
  });

  test('names a cycle that runs through tickets that are not selected', () => {
    const cyclic = [ticket('C-1', { dependsOn: ['C-2'] }), ticket('C-2', { dependsOn: ['C-1'] })];
    const result = selectTickets(cyclic, { keys: ['C-1'] }, { today, sprints });
    expect(result.errors.map((e) => e.message)).toEqual(['dependency cycle: C-1 → C-2 → C-1']);
  });

  test('refuses an epic key and mixed selection modes', () => {
    expect(selectTickets(all, { keys: ['EPIC-10'] }, { today, sprints }).errors[0]?.message).toBe('EPIC-10 is an epic; plan its tickets with --epic EPIC-10');
    expect(selectTickets(all, { keys: ['PROJ-2'], allReady: true }, { today, sprints }).errors[0]?.message).toBe('use one of: ticket keys, --epic, --sprint, --all-ready');
    expect(selectTickets(all, { keys: [] }, { today, sprints }).errors[0]?.message).toMatch(/^no tickets selected/);
  });

  test('selects every ready ticket with --all-ready', () => {
    expect(selectTickets(all, { keys: [], allReady: true }, { today, sprints }).selected.map((t) => t.key)).toEqual(['PROJ-2', 'PROJ-3']);
  });
});
