import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** The built `nx-tickets` bin of this repository. */
export const NX_TICKETS_BIN = fileURLToPath(new URL('../../../packages/nx-tickets/bin/nx-tickets.js', import.meta.url));

/** How a finished command ended. */
export interface CommandResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Environment for nx and nx-tickets in tests: no daemon, no cloud, no colour, no TUI. */
export const TEST_ENV: NodeJS.ProcessEnv = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', NO_COLOR: '1', FORCE_COLOR: '0', CI: 'true' };

/**
 * Run `command args` in `cwd` (no shell) and collect its output; never rejects on a non-zero exit.
 * `env` is added to {@link TEST_ENV}; with `replaceEnv` it is the whole environment.
 */
export function runCommand(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}, options: { replaceEnv?: boolean } = {}): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: options.replaceEnv ? env : { ...TEST_ENV, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ exitCode: code ?? (signal ? 128 : 1), stdout, stderr }));
  });
}

/** Run the built `nx-tickets` CLI in `cwd`. */
export const runNxTickets = (cwd: string, args: readonly string[]): Promise<CommandResult> => runCommand(process.execPath, [NX_TICKETS_BIN, ...args], cwd);

/** Run the workspace's real `nx` binary in `cwd`. */
export const runNx = (cwd: string, args: readonly string[]): Promise<CommandResult> => runCommand(join(cwd, 'node_modules', '.bin', 'nx'), args, cwd);
