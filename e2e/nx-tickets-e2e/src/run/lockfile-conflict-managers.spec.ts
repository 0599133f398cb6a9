import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { packageManagerTestEnv } from '@nx-tickets/testing';
import { TEST_ENV } from '../run-command.js';
import { conflictsBetweenBuiltTickets, createRunWorkspace, type RunWorkspace } from './run-workspace.js';

const execFileAsync = promisify(execFile);
const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;
/** yarn 2+ refuses to change its lockfile under CI unless told; and no telemetry in tests. */
const ENV = { ...TEST_ENV, YARN_ENABLE_IMMUTABLE_INSTALLS: 'false', YARN_ENABLE_TELEMETRY: '0' };

/** New packages that use a workspace package (pnpm, yarn 2+: recorded in their lockfiles). */
const WORKSPACE_DEPENDENCIES: Record<string, [string, string]> = {
  'LP-1': ['libs/alpha2/package.json', json({ name: 'alpha2', version: '0.0.0', dependencies: { alpha: 'workspace:*' } })],
  'LP-2': ['libs/alpha3/package.json', json({ name: 'alpha3', version: '0.0.0', dependencies: { beta: 'workspace:*' } })],
};
/** New packages that use a local `file:` package (yarn 1 records no workspace package, and knows no `workspace:`). */
const FILE_DEPENDENCIES: Record<string, [string, string]> = {
  'LP-1': ['libs/alpha2/package.json', json({ name: 'alpha2', version: '0.0.0', dependencies: { one: 'file:../../local/one' } })],
  'LP-2': ['libs/alpha3/package.json', json({ name: 'alpha3', version: '0.0.0', dependencies: { two: 'file:../../local/two' } })],
};
const LOCAL_PACKAGES = { 'local/one/package.json': json({ name: 'one', version: '1.0.0' }), 'local/two/package.json': json({ name: 'two', version: '1.0.0' }) };
const YARN_WORKSPACE = { 'package.json': json({ name: '@temp/source', version: '0.0.0', private: true, workspaces: ['libs/*'] }) };

/**
 * A conflict only in the lockfile of pnpm, yarn 2+, yarn 1 or bun workspaces: each workspace has
 * local packages only (nothing to download), and each ticket adds a package that uses another one,
 * so both insert an entry at the same place in the lockfile. The real package manager (a dev
 * dependency of this repository, first on PATH for the test and the run: two of them are called
 * `yarn`) writes every lockfile here and regenerates it in the run.
 */
const MANAGERS = [
  {
    name: 'pnpm',
    lockfile: 'pnpm-lock.yaml',
    files: { 'package.json': json({ name: '@temp/source', version: '0.0.0', private: true }), 'pnpm-workspace.yaml': 'packages:\n  - libs/*\n' },
    added: WORKSPACE_DEPENDENCIES,
    regenerate: ['pnpm', 'install', '--lockfile-only', '--ignore-scripts', '--offline'],
    entries: ['  libs/alpha2:\n', '  libs/alpha3:\n'],
  },
  {
    name: 'yarn 2+',
    command: 'yarn-berry',
    lockfile: 'yarn.lock',
    files: YARN_WORKSPACE,
    added: WORKSPACE_DEPENDENCIES,
    regenerate: ['yarn', 'install', '--mode=update-lockfile'],
    entries: ['"alpha2@workspace:libs/alpha2":\n', '"alpha3@workspace:libs/alpha3":\n'],
  },
  {
    name: 'yarn 1',
    command: 'yarn-classic',
    lockfile: 'yarn.lock',
    files: { ...YARN_WORKSPACE, ...LOCAL_PACKAGES },
    added: FILE_DEPENDENCIES,
    regenerate: ['yarn', 'install', '--ignore-scripts', '--non-interactive', '--offline'],
    entries: ['"one@file:local/one":\n', '"two@file:local/two":\n'],
  },
  {
    name: 'bun',
    command: 'bun',
    lockfile: 'bun.lock',
    files: { ...YARN_WORKSPACE, ...LOCAL_PACKAGES },
    added: FILE_DEPENDENCIES,
    regenerate: ['bun', 'install', '--lockfile-only', '--offline'],
    entries: ['["one@file:local/one"', '["two@file:local/two"'],
  },
] as const;

describe.each(MANAGERS)('nx-tickets run with a conflict only in a $name lockfile', (manager) => {
  const workspace: Record<string, string> = {
    ...manager.files,
    'libs/alpha/package.json': json({ name: 'alpha', version: '0.0.0' }),
    'libs/beta/package.json': json({ name: 'beta', version: '0.0.0' }),
  };
  const added = manager.added;
  let env: NodeJS.ProcessEnv = ENV;
  let cleanupEnv = async (): Promise<void> => {};

  /** The lockfile as the real package manager writes it for `files`. */
  async function lockfileFor(files: Record<string, string>): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'nx-tickets-lockfile-'));
    try {
      for (const [path, text] of Object.entries(files)) {
        await mkdir(join(dir, path, '..'), { recursive: true });
        await writeFile(join(dir, path), text);
      }
      const [program, ...args] = manager.regenerate;
      await execFileAsync(program, args, { cwd: dir, env });
      return await readFile(join(dir, manager.lockfile), 'utf8');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  let ws: RunWorkspace;
  let first: string;

  beforeAll(async () => {
    if ('command' in manager) ({ env, cleanup: cleanupEnv } = await packageManagerTestEnv(manager.command, ENV));
    const [base, one, two] = await Promise.all([
      lockfileFor(workspace),
      lockfileFor({ ...workspace, [added['LP-1']![0]]: added['LP-1']![1] }),
      lockfileFor({ ...workspace, [added['LP-2']![0]]: added['LP-2']![1] }),
    ]);
    first = one;
    ws = await createRunWorkspace({
      projects: [
        { name: 'alpha', root: 'libs/alpha' },
        { name: 'beta', root: 'libs/beta' },
      ],
      files: { ...workspace, [manager.lockfile]: base },
      tickets: [
        { key: 'LP-1', title: 'Add alpha2 on top of alpha', type: 'feature', files: ['libs/alpha2/**'] },
        { key: 'LP-2', title: 'Add alpha3 on top of beta', type: 'feature', files: ['libs/alpha3/**'] },
      ],
      env,
      changes: {
        'LP-1': [{ file: added['LP-1']![0], write: added['LP-1']![1] }, { file: manager.lockfile, write: one }],
        'LP-2': [{ file: added['LP-2']![0], write: added['LP-2']![1] }, { file: manager.lockfile, write: two }],
      },
    });
  });
  afterAll(async () => {
    await ws?.cleanup();
    await cleanupEnv();
  });

  test(`regenerates ${manager.lockfile} with ${manager.name} during the rebase and merges both tickets`, async () => {
    const result = await ws.nxTickets(['run', 'LP-1', 'LP-2']);
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    const state = await ws.state();
    expect(state.tickets['LP-1']?.status).toBe('merged');
    expect(state.tickets['LP-2']?.status).toBe('merged');
    expect((await ws.events()).some((e) => e.type === 'ticket:conflict')).toBe(false);
    // The two tickets' commits really conflict, and only in the lockfile.
    expect(await conflictsBetweenBuiltTickets(ws)).toEqual([manager.lockfile]);

    // Regenerated by the package manager, not hand-merged: it leaves it as it is on a clean checkout of main.
    const lockText = await ws.git(['show', `main:${manager.lockfile}`]);
    expect(lockText).not.toMatch(/^(<<<<<<<|=======|>>>>>>>)/m);
    for (const entry of manager.entries) expect(lockText).toContain(entry);
    expect(lockText).not.toBe(first);
    const clone = join(ws.scratch, 'lockfile-check');
    await ws.git(['clone', '-q', ws.root, clone], ws.scratch);
    const [program, ...args] = manager.regenerate;
    await execFileAsync(program, args, { cwd: clone, env });
    expect(await ws.git(['status', '--porcelain', '--untracked-files=no'], clone)).toBe('');
  });
});
