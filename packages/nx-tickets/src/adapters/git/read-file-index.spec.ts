import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTempGitRepo, writeFiles, type TempGitRepo } from '@nx-tickets/testing';
import { afterEach, describe, expect, test } from 'vitest';
import { readFileIndex } from './read-file-index.js';

const cleanups: Array<() => Promise<void>> = [];
async function repo(files: Record<string, string>): Promise<TempGitRepo> {
  const created = await createTempGitRepo({ files });
  cleanups.push(created.cleanup);
  return created;
}

afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

describe('readFileIndex', () => {
  test('lists tracked and untracked files and leaves ignored ones out', async () => {
    const git = await repo({ '.gitignore': 'dist/\n*.log\n', 'libs/a/src/index.ts': '', 'dist/out.js': '' });
    await git.write('libs/a/src/new file.ts', '');
    await git.write('debug.log', '');
    await git.write('dist/other.js', '');
    await git.write('libs/ü/ß.ts', '');
    expect(await readFileIndex(git.root)).toEqual({
      files: ['.gitignore', 'libs/a/src/index.ts', 'libs/a/src/new file.ts', 'libs/ü/ß.ts'],
      warnings: [],
    });
  });

  test('lists paths relative to a workspace inside a larger repository', async () => {
    const git = await repo({ 'other/x.ts': '', 'workspace/nx.json': '{}', 'workspace/libs/a.ts': '' });
    expect((await readFileIndex(join(git.root, 'workspace'))).files).toEqual(['libs/a.ts', 'nx.json']);
  });

  test('walks the file system with a warning outside a git repository', async () => {
    const root = await mkdtemp(join(tmpdir(), 'nx-tickets-nogit-'));
    cleanups.push(() => rm(root, { recursive: true, force: true }));
    await writeFiles(root, { '.gitignore': 'tmp/\n', 'nx.json': '{}', 'libs/a/x.ts': '', 'node_modules/p/i.js': '', '.nx/cache/c': '', 'dist/d.js': '', 'tmp/t': '' });
    await symlink(join(root, 'libs'), join(root, 'link'));
    const index = await readFileIndex(root);
    expect(index.files).toEqual(['.gitignore', 'libs/a/x.ts', 'nx.json']);
    expect(index.warnings).toEqual([`file index read from the file system: ${root} is not a git repository; run git init so ignored files are left out`]);
  });
});
