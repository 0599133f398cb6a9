import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { findToolchainNodeModules, runGit } from '@nx-tickets/testing';
import { NX_TICKETS_BIN, TEST_ENV, runCommand, type CommandResult } from '../run-command.js';
import { IMPLEMENT_SCRIPT_PATH } from '../run/implement-script.js';

const execFileAsync = promisify(execFile);

/** A clone of the bare origin, as a CI runner has after `actions/checkout` and `npm ci`. */
export interface CiClone {
  root: string;
  nxTickets(args: string[]): Promise<CommandResult>;
  /** Start the CLI without waiting for it (to kill it); `done` resolves when it has exited. */
  startNxTickets(args: string[]): { child: ChildProcess; done: Promise<number | null> };
  git(args: string[]): Promise<string>;
}

/**
 * Clone `origin` into `<scratch>/<name>` (branch `main`, a test identity) with `node_modules`
 * linked to this repository's, like a runner that checked out the repository and installed it.
 * `env` is added to the environment of its `nx-tickets` runs (a token).
 */
export async function cloneForCi(origin: string, scratch: string, name: string, env: NodeJS.ProcessEnv = {}): Promise<CiClone> {
  const root = join(scratch, name);
  await runGit(scratch, ['clone', '-q', '--branch', 'main', origin, root]);
  for (const [key, value] of [['user.name', `runner ${name}`], ['user.email', `${name}@ci.invalid`], ['commit.gpgsign', 'false'], ['gc.auto', '0']]) await runGit(root, ['config', key as string, value as string]);
  await symlink(findToolchainNodeModules(), join(root, 'node_modules'), 'dir');
  return {
    root,
    nxTickets: (args) => runCommand(process.execPath, [NX_TICKETS_BIN, ...args], root, env),
    startNxTickets: (args) => {
      const child = spawn(process.execPath, [NX_TICKETS_BIN, ...args], { cwd: root, env: { ...TEST_ENV, ...env }, stdio: 'ignore' });
      return { child, done: new Promise((resolve) => child.on('close', (code) => resolve(code))) };
    },
    git: (args) => runGit(root, args),
  };
}

/**
 * `git ls-tree -r` of `baseCommit` with the tickets' prepared changes applied one after another by
 * the implement script, in a new clone of `origin` (what merging them in that order must give).
 */
export async function sequentialTree(origin: string, scratch: string, baseCommit: string, keys: readonly string[]): Promise<string> {
  const root = join(scratch, `sequential-${keys.join('-')}`);
  await runGit(scratch, ['clone', '-q', '--no-checkout', origin, root]);
  await runGit(root, ['checkout', '-q', '--detach', baseCommit]);
  for (const key of keys) await execFileAsync(process.execPath, [IMPLEMENT_SCRIPT_PATH], { cwd: root, env: { ...TEST_ENV, TICKET_KEY: key, TICKET_TITLE: key } });
  await runGit(root, ['add', '-A']);
  await runGit(root, ['-c', 'user.name=t', '-c', 'user.email=t@t.invalid', 'commit', '-q', '--allow-empty', '-m', 'sequential']);
  return runGit(root, ['ls-tree', '-r', 'HEAD']);
}
