import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { packageManagerTestEnv, type TestPackageManager } from '@nx-tickets/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { TEST_ENV } from '../run-command.js';
import { createRunWorkspace, testedProject, type RunWorkspace } from './run-workspace.js';

const execFileAsync = promisify(execFile);
const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/** alpha's manifest as `testedProject` writes it, with `dependencies` when given. */
const alphaManifest = (dependencies?: Record<string, string>): string =>
  json({ name: 'alpha', version: '0.0.0', private: true, scripts: { test: 'node --test' }, nx: { name: 'alpha' }, ...(dependencies ? { dependencies } : {}) });

/**
 * yarn 1 and bun workspaces whose ticket makes project alpha use a local `file:` package that
 * nothing has installed (not the main checkout, not this repository): alpha's new test imports it,
 * so verifying passes only when the ticket's worktree got a real install. The ticket changes
 * package.json only: the lockfile is the install's.
 */
const MANAGERS: Array<{ name: string; command: TestPackageManager; lockfile: string; lock: string[]; entry: string }> = [
  { name: 'yarn 1', command: 'yarn-classic', lockfile: 'yarn.lock', lock: ['yarn', 'install', '--ignore-scripts', '--non-interactive', '--offline'], entry: '"one@file:local/one":' },
  { name: 'bun', command: 'bun', lockfile: 'bun.lock', lock: ['bun', 'install', '--lockfile-only', '--offline'], entry: '["one@file:local/one"' },
];

describe.each(MANAGERS)('nx-tickets run with a ticket that adds a dependency in a $name workspace', (manager) => {
  const files: Record<string, string> = {
    'package.json': json({ name: '@temp/source', version: '0.0.0', private: true, workspaces: ['libs/*'] }),
    'local/one/package.json': json({ name: 'one', version: '1.0.0', main: 'index.js' }),
    'local/one/index.js': 'module.exports = 1;\n',
  };
  let ws: RunWorkspace;
  let env: NodeJS.ProcessEnv;
  let cleanupEnv = async (): Promise<void> => {};

  beforeAll(async () => {
    ({ env, cleanup: cleanupEnv } = await packageManagerTestEnv(manager.command, TEST_ENV));
    const alpha = testedProject('alpha', 'libs/alpha', { 'alpha.test.mjs': "import test from 'node:test';\ntest('alpha', () => {});\n" });
    // The base lockfile, as the package manager writes it for the workspace (in a temp folder).
    const dir = await mkdtemp(join(tmpdir(), 'nx-tickets-lockfile-'));
    let base: string;
    try {
      for (const [path, text] of Object.entries({ ...files, 'libs/alpha/package.json': alphaManifest() })) {
        await mkdir(join(dir, path, '..'), { recursive: true });
        await writeFile(join(dir, path), text);
      }
      const [program, ...args] = manager.lock;
      await execFileAsync(program as string, args, { cwd: dir, env });
      base = await readFile(join(dir, manager.lockfile), 'utf8');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    ws = await createRunWorkspace({
      projects: [alpha],
      files: { ...files, [manager.lockfile]: base },
      tickets: [{ key: 'IN-1', title: 'Count with one in alpha', type: 'feature', files: ['libs/alpha/**'] }],
      verifyTargets: ['test'],
      env,
      changes: {
        'IN-1': [
          { file: 'libs/alpha/package.json', write: alphaManifest({ one: 'file:../../local/one' }) },
          { file: 'libs/alpha/one.test.mjs', write: "import test from 'node:test';\nimport assert from 'node:assert';\nimport one from 'one';\ntest('one', () => assert.equal(one, 1));\n" },
        ],
      },
    });
  });
  afterAll(async () => {
    await ws?.cleanup();
    await cleanupEnv();
  });

  test(`installs with ${manager.name} in the ticket's worktree, verifies with the new dependency and merges the lockfile`, async () => {
    const result = await ws.nxTickets(['run', 'IN-1']);
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    const ticket = (await ws.state()).tickets['IN-1'];
    expect(ticket?.status).toBe('merged');
    // alpha's test ran (and the root project's, whose lockfile changed).
    expect(ticket?.verification).toMatchObject({ targets: ['test'], projects: ['@temp/source', 'alpha'], skipped: false });
    // The install's lockfile is part of the ticket's work; what it installed is not.
    expect(ticket?.actualFiles).toEqual(['libs/alpha/one.test.mjs', 'libs/alpha/package.json', manager.lockfile].sort());
    expect(await ws.git(['show', `main:${manager.lockfile}`])).toContain(manager.entry);
    // Installed in the worktree only: the main checkout's node_modules (this repository's) has no `one`.
    expect(existsSync(join(ws.root, 'node_modules', 'one'))).toBe(false);
    expect(existsSync(join(ws.root, 'libs', 'alpha', 'node_modules'))).toBe(false);
    expect(await ws.git(['status', '--porcelain'])).toBe('');
  });
});
