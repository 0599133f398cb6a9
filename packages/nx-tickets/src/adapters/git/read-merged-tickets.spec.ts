import { createTestGitRepo } from '@nx-tickets/testing/vitest';
import { describe, expect, test } from 'vitest';
import { commitAll } from './commit-all.js';
import { readMergedTickets } from './read-merged-tickets.js';

describe('readMergedTickets', () => {
  test('finds the tickets whose Ticket trailer is on the base branch, newest commit first', async () => {
    const git = await createTestGitRepo({ files: { 'README.md': '#\n' } });
    await git.write('a.txt', 'a\n');
    const first = await commitAll(git.root, { message: 'PROJ-1: First', trailers: { Ticket: 'PROJ-1' } });
    await git.write('b.txt', 'b\n');
    const second = await commitAll(git.root, { message: 'PROJ-2: Second', trailers: { Ticket: 'PROJ-2' } });
    await git.write('c.txt', 'c\n');
    await commitAll(git.root, { message: 'Mentions PROJ-3 in the text only' });
    expect(await readMergedTickets(git.root, 'main')).toEqual(new Map([['PROJ-2', second.sha], ['PROJ-1', first.sha]]));
    expect(await readMergedTickets(git.root, 'no-such-branch')).toEqual(new Map());
  });
});
