import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTempGitRepo, type TempGitRepo } from '@nx-tickets/testing';
import { afterEach, describe, expect, test } from 'vitest';
import { readTicketBranchDiffs } from './read-ticket-branch-diffs.js';

const cleanups: Array<() => Promise<void>> = [];
async function repo(bareOrigin = false): Promise<TempGitRepo> {
  const created = await createTempGitRepo({ files: { 'README.md': '#\n', 'libs/a/x.ts': 'a\n', 'libs/b/y.ts': 'b\n' }, bareOrigin });
  cleanups.push(created.cleanup);
  return created;
}

afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

describe('readTicketBranchDiffs', () => {
  test('diffs a ticket branch against its merge-base, not against the moved base', async () => {
    const git = await repo();
    await git.branch('feature/PROJ-1-avatar', { 'libs/a/x.ts': 'changed\n', 'libs/a/new.ts': 'new\n' });
    await git.write('libs/b/y.ts', 'moved on main\n');
    await git.commit('main moves on');
    expect(await readTicketBranchDiffs(git.root, ['PROJ-1', 'PROJ-2'], 'main')).toEqual({
      diffs: { 'PROJ-1': { branch: 'feature/PROJ-1-avatar', local: true, files: ['libs/a/new.ts', 'libs/a/x.ts'] } },
      warnings: [],
    });
  });

  test('keeps PROJ-12 and PROJ-123 apart', async () => {
    const git = await repo();
    await git.branch('feature/PROJ-123-big', { 'libs/a/x.ts': '123\n' });
    await git.branch('fix/PROJ-12', { 'libs/b/y.ts': '12\n' });
    const { diffs } = await readTicketBranchDiffs(git.root, ['PROJ-12', 'PROJ-123'], 'main');
    expect(diffs).toEqual({
      'PROJ-12': { branch: 'fix/PROJ-12', local: true, files: ['libs/b/y.ts'] },
      'PROJ-123': { branch: 'feature/PROJ-123-big', local: true, files: ['libs/a/x.ts'] },
    });
  });

  test('uses remote-tracking branches and a base that exists only on origin', async () => {
    const git = await repo(true);
    await git.branch('feature/PROJ-5-remote', { 'libs/b/y.ts': 'remote\n' });
    await git.git(['push', '-q', 'origin', 'feature/PROJ-5-remote']);
    await git.git(['update-ref', '-d', 'refs/heads/feature/PROJ-5-remote']);
    await git.git(['fetch', '-q', 'origin']);
    await git.git(['checkout', '-q', '--detach']);
    await git.git(['branch', '-D', 'main']);
    expect(await readTicketBranchDiffs(git.root, ['PROJ-5'], 'main')).toEqual({
      diffs: { 'PROJ-5': { branch: 'origin/feature/PROJ-5-remote', files: ['libs/b/y.ts'] } },
      warnings: [],
    });
  });

  test('treats branch names that look like git options as data', async () => {
    const git = await repo();
    await git.branch('--upload-pack=touch_pwned', { 'libs/a/x.ts': 'evil\n' });
    await git.branch('PROJ-7--output=/tmp/pwned', { 'libs/a/x.ts': 'seven\n' });
    const result = await readTicketBranchDiffs(git.root, ['PROJ-7'], 'main');
    expect(result).toEqual({ diffs: { 'PROJ-7': { branch: 'PROJ-7--output=/tmp/pwned', local: true, files: ['libs/a/x.ts'] } }, warnings: [] });
    const optionBase = await readTicketBranchDiffs(git.root, ['PROJ-7'], '--upload-pack=touch_pwned');
    expect(optionBase.diffs['PROJ-7']?.files).toEqual(['libs/a/x.ts']);
  });

  test('warns instead of failing for an unknown base and outside a repository', async () => {
    const git = await repo();
    await git.branch('PROJ-1', { 'libs/a/x.ts': '1\n' });
    expect(await readTicketBranchDiffs(git.root, ['PROJ-1'], 'develop')).toEqual({
      diffs: {},
      warnings: ['ticket branches not read: base branch "develop" was not found; fetch it or set options.baseBranch in nx.json (or pass --base)'],
    });
    const folder = await mkdtemp(join(tmpdir(), 'nx-tickets-nogit-'));
    cleanups.push(() => rm(folder, { recursive: true, force: true }));
    const optionBase = await readTicketBranchDiffs(git.root, ['PROJ-1'], `--output=${join(folder, 'pwned')}`);
    expect(optionBase.diffs).toEqual({});
    await expect(access(join(folder, 'pwned'))).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await readTicketBranchDiffs(folder, ['PROJ-1'], 'main')).toEqual({ diffs: {}, warnings: [`ticket branches not read: ${folder} is not a git repository`] });
  });

  test('warns about a ticket branch with no common history', async () => {
    const git = await repo();
    await git.git(['checkout', '-q', '--orphan', 'PROJ-9-orphan']);
    await git.commit('unrelated');
    await git.git(['checkout', '-q', '-f', 'main']);
    const result = await readTicketBranchDiffs(git.root, ['PROJ-9'], 'main');
    expect(result.diffs).toEqual({});
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toMatch(/^PROJ-9: branch PROJ-9-orphan could not be compared with main \(.+\); its diff is not used$/);
  });
});
