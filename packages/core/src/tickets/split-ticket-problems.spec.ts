import { describe, expect, test } from 'vitest';
import { ticket } from '../testing/fixtures.js';
import { splitTicketProblems } from './split-ticket-problems.js';

const broken = { where: 'tickets/BAD-1.md', ticket: 'BAD-1', message: 'malformed front matter' };
const link = { where: 'tickets/B-2.md', field: 'dependsOn', ticket: 'B-2', message: 'unknown ticket X-9' };
const tickets = [ticket('A-1'), ticket('A-2', { dependsOn: ['BAD-1'] }), ticket('A-3', { dependsOn: ['A-2'] }), ticket('B-2', { dependsOn: ['X-9'] })];

describe('splitTicketProblems', () => {
  test('skips problems of tickets the named ones do not involve', () => {
    expect(splitTicketProblems([broken, link], tickets, { keys: ['A-1'] })).toEqual({ blocking: [], skipped: [broken, link] });
  });

  test('blocks on a named ticket and on the tickets the named ones depend on, transitively', () => {
    expect(splitTicketProblems([broken, link], tickets, { keys: ['BAD-1'] })).toEqual({ blocking: [broken], skipped: [link] });
    expect(splitTicketProblems([broken, link], tickets, { keys: ['A-3'] })).toEqual({ blocking: [broken], skipped: [link] });
    expect(splitTicketProblems([broken, link], tickets, { keys: ['B-2'] })).toEqual({ blocking: [link], skipped: [broken] });
  });

  test('blocks on every problem for --epic, --sprint and --all-ready, and on a problem naming no ticket', () => {
    const keyless = { where: 'tickets/x.md', message: 'missing front matter' };
    expect(splitTicketProblems([broken], tickets, { keys: [], allReady: true }).blocking).toEqual([broken]);
    expect(splitTicketProblems([broken], tickets, { keys: [], epic: 'E-1' }).blocking).toEqual([broken]);
    expect(splitTicketProblems([keyless], tickets, { keys: ['A-1'] }).blocking).toEqual([keyless]);
  });

  test('under --epic, --sprint and --all-ready, skips problems of tickets known to be outside the selection', () => {
    const otherEpic = { key: 'BAD-1', origin: 'tickets/BAD-1.md', dependsOn: [], projects: [], membership: { epic: 'E-2', sprint: null, status: 'done' } };
    const unreadable = { key: 'BAD-2', origin: 'tickets/BAD-2.md', dependsOn: [], projects: [] };
    const broken2 = { where: 'tickets/BAD-2.md', ticket: 'BAD-2', message: 'malformed front matter' };
    const epic = { keys: [], epic: 'E-1' };
    // A broken file of another epic, and a valid ticket's own problem outside it: skipped.
    expect(splitTicketProblems([broken, link], tickets, epic, { selected: ['A-1'], invalid: [otherEpic] })).toEqual({ blocking: [], skipped: [broken, link] });
    // Its epic is the one selected, or cannot be read: it may belong, so it blocks.
    expect(splitTicketProblems([broken], tickets, epic, { selected: ['A-1'], invalid: [{ ...otherEpic, membership: { epic: 'E-1' } }] }).blocking).toEqual([broken]);
    expect(splitTicketProblems([broken2], tickets, epic, { selected: ['A-1'], invalid: [unreadable] }).blocking).toEqual([broken2]);
    // A selected ticket depends on it: it blocks, whatever its epic.
    expect(splitTicketProblems([broken], tickets, epic, { selected: ['A-3'], invalid: [otherEpic] }).blocking).toEqual([broken]);
    // --all-ready: a broken file that is done is outside; --sprint: by the resolved sprint name.
    expect(splitTicketProblems([broken], tickets, { keys: [], allReady: true }, { selected: ['A-1'], invalid: [otherEpic] }).skipped).toEqual([broken]);
    expect(splitTicketProblems([broken], tickets, { keys: [], allReady: true }, { selected: ['A-1'], invalid: [{ ...otherEpic, membership: { status: 'ready' } }] }).blocking).toEqual([broken]);
    expect(splitTicketProblems([broken], tickets, { keys: [], sprint: 'current' }, { selected: ['A-1'], sprintName: 'Sprint 7', invalid: [{ ...otherEpic, membership: { sprint: 'sprint 7' } }] }).blocking).toEqual([broken]);
    expect(splitTicketProblems([broken], tickets, { keys: [], sprint: 'current' }, { selected: ['A-1'], sprintName: 'Sprint 7', invalid: [otherEpic] }).skipped).toEqual([broken]);
    // A problem about another file than the valid ticket's own (a duplicate key) cannot be placed: it blocks.
    const duplicate = { where: 'tickets/other/A-2.md', field: 'key', ticket: 'A-2', message: 'duplicate key A-2' };
    expect(splitTicketProblems([duplicate], tickets.map((t) => ({ ...t, origin: `tickets/${t.key}.md` })), epic, { selected: ['A-1'] }).blocking).toEqual([duplicate]);
  });
});
