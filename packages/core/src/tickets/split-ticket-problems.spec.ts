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
});
