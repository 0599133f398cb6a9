import { createTestGitRepo } from '@nx-tickets/testing/vitest';
import { describe, expect, test } from 'vitest';
import { commitAll } from './commit-all.js';
import { fetchAllBranches } from './fetch-all-branches.js';
import { findPushedTicketBranches } from './find-pushed-ticket-branches.js';

describe('findPushedTicketBranches', () => {
  test('takes pushed branches that end with a commit of their ticket and finds what a ticket was stacked on', async () => {
    const repo = await createTestGitRepo({ bareOrigin: true });
    const commitOn = async (branch: string, file: string, trailers: Record<string, string> = {}) => {
      await repo.git(['checkout', '-q', branch]);
      await repo.write(file, `${file}\n`);
      const { sha } = await commitAll(repo.root, { message: `work on ${file}`, trailers });
      await repo.git(['push', '-q', 'origin', branch]);
      return sha;
    };
    await repo.git(['branch', 'feature/A-1-first', 'main']);
    const a1 = await commitOn('feature/A-1-first', 'a1.txt', { Ticket: 'A-1' });
    await repo.git(['branch', 'fix/A-2-renamed', 'feature/A-1-first']);
    const a2 = await commitOn('fix/A-2-renamed', 'a2.txt', { Ticket: 'A-2' });
    await repo.git(['branch', 'feature/A-3-wip', 'main']);
    await commitOn('feature/A-3-wip', 'a3.txt');
    await repo.git(['checkout', '-q', 'main']);
    await repo.git(['branch', '-q', '-D', 'feature/A-1-first', 'fix/A-2-renamed', 'feature/A-3-wip']);
    await fetchAllBranches(repo.root, 'origin');

    const preferred = new Map([['A-1', 'feature/A-1-first'], ['A-2', 'feature/A-2-second'], ['A-3', 'feature/A-3-wip'], ['A-4', 'feature/A-4-never-run']]);
    const { found, ignored } = await findPushedTicketBranches(repo.root, { remote: 'origin', base: 'main', preferred });
    expect(found).toEqual(new Map([
      ['A-1', { branch: 'feature/A-1-first', head: a1 }],
      ['A-2', { branch: 'fix/A-2-renamed', head: a2, stackedOn: { key: 'A-1', head: a1 } }],
    ]));
    expect(ignored).toEqual(new Map([['A-3', 'origin/feature/A-3-wip does not end with a commit of A-3 (no "Ticket: A-3" trailer)']]));
  });

  test('does not count a ticket the base branch holds already as stacked on', async () => {
    const repo = await createTestGitRepo({ bareOrigin: true });
    await repo.write('a1.txt', 'a1\n');
    await commitAll(repo.root, { message: 'A-1: merged', trailers: { Ticket: 'A-1' } });
    await repo.git(['push', '-q', 'origin', 'main']);
    await repo.git(['checkout', '-q', '-b', 'feature/A-2-x']);
    await repo.write('a2.txt', 'a2\n');
    const { sha } = await commitAll(repo.root, { message: 'A-2: on top', trailers: { Ticket: 'A-2' } });
    await repo.git(['push', '-q', 'origin', 'feature/A-2-x']);
    await repo.git(['checkout', '-q', 'main']);
    await fetchAllBranches(repo.root, 'origin');
    const { found } = await findPushedTicketBranches(repo.root, { remote: 'origin', base: 'main', preferred: new Map([['A-2', 'feature/A-2-x']]) });
    expect(found).toEqual(new Map([['A-2', { branch: 'feature/A-2-x', head: sha }]]));
  });
});
