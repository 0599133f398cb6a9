import { spawn } from 'node:child_process';
import { NxTicketsError } from '@nx-tickets/core';
import { spawnClient, SpawnServerGoneError } from '../spawn/index.js';

/** Environment variables that would point git at another repository or index (set inside git hooks). */
const REDIRECTING_ENV = ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_COMMON_DIR', 'GIT_PREFIX', 'GIT_OBJECT_DIRECTORY'];

/** A git command that exited with a code the caller did not accept. Code `NX_TICKETS_GIT_FAILED`. */
export class GitCommandError extends NxTicketsError {
  override readonly name = 'GitCommandError';
  /** The git subcommand (`rebase`, `worktree`); the full argv is not kept because it may hold ticket text. */
  readonly command: string;
  /** git's exit code (`null` when killed by a signal). */
  readonly gitExitCode: number | null;
  /** Everything git wrote to stderr. */
  readonly stderr: string;

  constructor(args: readonly string[], cwd: string, gitExitCode: number | null, stderr: string, cause?: unknown) {
    const command = args.find((arg, index) => !arg.startsWith('-') && args[index - 1] !== '-c') ?? 'git';
    const firstLine = stderr.trim().split('\n').find((line) => line.trim() !== '') ?? `exit code ${gitExitCode}`;
    super('NX_TICKETS_GIT_FAILED', `git ${command} failed in ${cwd}: ${firstLine}`, { hint: 'Run the git command in that folder to see the full error.', exitCode: 1, cause });
    this.command = command;
    this.gitExitCode = gitExitCode;
    this.stderr = stderr;
  }
}

/** Options of {@link execGit}. */
export interface ExecGitOptions {
  /** Written to git's stdin (commit messages). */
  input?: string;
  /** Extra environment (e.g. `GIT_EDITOR: 'true'`). */
  env?: Record<string, string>;
  /** Exit codes that resolve instead of throwing (always includes 0). */
  okExitCodes?: readonly number[];
  signal?: AbortSignal;
}

/**
 * Run `git <args>` in `cwd` — the one executor of the run's git operations (simple-git cannot feed
 * stdin, which commit messages need). No shell; English messages (`LC_ALL=C`) so callers can
 * recognise lock errors; no prompts; pathspecs literal; no optional index locks; `GIT_DIR` and
 * friends from a surrounding git hook removed so git always works on the repository of `cwd`.
 *
 * @returns stdout, stderr and the exit code (0 or one of `okExitCodes`).
 * @throws GitCommandError (`NX_TICKETS_GIT_FAILED`) for any other exit code or when git cannot start.
 */
export function execGit(cwd: string, args: readonly string[], options: ExecGitOptions = {}): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  const env: NodeJS.ProcessEnv = { ...process.env, LC_ALL: 'C', LANGUAGE: 'C', GIT_TERMINAL_PROMPT: '0', GIT_LITERAL_PATHSPECS: '1', GIT_OPTIONAL_LOCKS: '0', ...options.env };
  for (const name of REDIRECTING_ENV) delete env[name];
  const settle = (code: number | null, stdout: string, stderr: string) => {
    const result = { stdout, stderr, exitCode: code ?? -1 };
    if (code === 0 || (code !== null && options.okExitCodes?.includes(code))) return result;
    throw new GitCommandError(args, cwd, code, stderr);
  };
  const client = spawnClient();
  if (client) {
    const request = { file: 'git', args: [...args], cwd, env: env as Record<string, string>, ...(options.input === undefined ? {} : { input: options.input }) };
    return client.run(request, options.signal).then(
      (reply) => {
        if (reply.error) throw new GitCommandError(args, cwd, null, reply.error.message);
        return settle(reply.code, reply.stdout, reply.stderr);
      },
      (error: unknown) => {
        // Never sent (the server was not there): start git here. Sent: it may have run, so fail.
        if (error instanceof SpawnServerGoneError && !error.sent) return spawnGit(cwd, args, env, options, settle);
        throw new GitCommandError(args, cwd, null, (error as Error).message, error);
      },
    );
  }
  return spawnGit(cwd, args, env, options, settle);
}

/** Start git from this thread (no spawn server in use). */
function spawnGit(cwd: string, args: readonly string[], env: NodeJS.ProcessEnv, options: ExecGitOptions, settle: (code: number | null, stdout: string, stderr: string) => { stdout: string; stderr: string; exitCode: number }): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'], ...(options.signal ? { signal: options.signal } : {}) });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.stdin.on('error', () => undefined); // git may exit before reading stdin; its exit code tells.
    child.stdin.end(options.input ?? '');
    child.on('error', (error) => reject(new GitCommandError(args, cwd, null, error.message, error)));
    child.on('close', (code) => {
      try {
        resolve(settle(code, Buffer.concat(stdout).toString('utf8'), Buffer.concat(stderr).toString('utf8')));
      } catch (error) {
        reject(error);
      }
    });
  });
}
