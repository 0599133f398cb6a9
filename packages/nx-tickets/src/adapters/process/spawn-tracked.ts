import { spawn, type ChildProcess } from 'node:child_process';
import { appendFile, mkdir, open, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { NxTicketsError } from '@nx-tickets/core';
import { formatArgv } from './format-argv.js';
import { killProcessGroup, readProcessGroupRssMb } from './process-group.js';
import { trackProcessGroup } from './tracked-process-groups.js';

/** Options of {@link spawnTracked}. */
export interface SpawnTrackedOptions {
  /** Working directory; must exist. */
  cwd: string;
  /** Merged over `process.env`; a key set to `undefined` is removed. Never written to the log. */
  env?: Record<string, string | undefined>;
  /** stdout and stderr are appended here (folders created), after a `<time> $ <argv>` header. */
  logFile: string;
  /** Kill the process group after this long, ms. */
  timeoutMs?: number;
  /** Kill the process group when its resident memory (all members) goes above this, MiB. */
  memoryLimitMb?: number;
  /** Abort: kill the process group. */
  signal?: AbortSignal;
  /** Time between SIGTERM and SIGKILL, ms. Default 5000. */
  graceMs?: number;
  /** Called once the program started, with its process group id (to record it, e.g. for cleanup after a crash). */
  onStart?: (pgid: number) => void;
}

/** How a tracked command ended. Failure is data here: only failing to start throws. */
export interface SpawnTrackedResult {
  /** Exit code, or `null` when it ended by a signal. */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  /** Stopped by `options.signal` or by `killAllTracked`. */
  aborted: boolean;
  memoryExceeded: boolean;
  /** Highest resident memory of the group seen by the watchdog, MiB (0 when never sampled or off Linux). */
  peakMemoryMb: number;
  durationMs: number;
}

const SAMPLE_INTERVAL_MS = 500;

/**
 * Runs `argv[0]` with `argv.slice(1)` — never through a shell, so argv from tickets is data — as the
 * leader of its own process group, and tracks it (see `trackedProcessGroups`). On timeout, abort or
 * memory above the limit (sampled every 500 ms) the whole group gets SIGTERM, then SIGKILL after
 * `graceMs`. When the leader exits, whatever is left in its group is killed, so nothing outlives it.
 * An already aborted signal starts nothing and resolves with `aborted: true`.
 *
 * @throws NxTicketsError `NX_TICKETS_COMMAND_NOT_FOUND` when the program does not exist or argv is empty;
 *   `NX_TICKETS_COMMAND_NOT_STARTED` when it cannot start otherwise (missing cwd, not executable).
 */
export async function spawnTracked(argv: string[], options: SpawnTrackedOptions): Promise<SpawnTrackedResult> {
  const [program, ...args] = argv;
  if (program === undefined || program === '') throw notFound('', 'no command given (the argv is empty)');
  if (options.signal?.aborted) return { exitCode: null, signal: null, timedOut: false, aborted: true, memoryExceeded: false, peakMemoryMb: 0, durationMs: 0 };
  await mkdir(dirname(options.logFile), { recursive: true });
  const log = await open(options.logFile, 'a');
  let supervised: Promise<SpawnTrackedResult>;
  try {
    await log.write(`${new Date().toISOString()} $ ${formatArgv(argv)}\n`);
    // Supervise before any further await, so the child's 'exit' cannot fire unheard.
    const child = await start(program, args, options, log.fd);
    supervised = superviseGroup(child, argv, options);
    options.onStart?.(child.pid as number);
  } catch (error) {
    await log.write(`# not started: ${(error as Error).message}\n`);
    throw error;
  } finally {
    await log.close();
  }
  const ended = await supervised;
  await appendFile(options.logFile, `${describeEnd(ended, options)}\n`);
  return ended;
}

async function start(program: string, args: string[], options: SpawnTrackedOptions, fd: number): Promise<ChildProcess> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries({ ...process.env, ...options.env })) if (value !== undefined) env[key] = value;
  try {
    const child = spawn(program, args, { cwd: options.cwd, env, shell: false, detached: true, stdio: ['ignore', fd, fd], windowsHide: true });
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', reject);
    });
    return child;
  } catch (error) {
    throw await startError(program, options.cwd, error);
  }
}

async function startError(program: string, cwd: string, error: unknown): Promise<NxTicketsError> {
  const code = (error as NodeJS.ErrnoException).code;
  const cwdExists = await stat(cwd).then((info) => info.isDirectory(), () => false);
  if (!cwdExists) return notStarted(program, `working directory ${cwd} does not exist`, error);
  if (code === 'ENOENT') return notFound(program, `command not found: ${program}`, error);
  return notStarted(program, `${program} could not start (${code ?? (error as Error).message})`, error);
}

function notFound(program: string, message: string, cause?: unknown): NxTicketsError {
  const hint = `Install ${program || 'the program'} or fix the command: it runs without a shell, so argv[0] must be a program on PATH or a path to one.`;
  return new NxTicketsError('NX_TICKETS_COMMAND_NOT_FOUND', message, { hint, cause });
}

function notStarted(program: string, message: string, cause: unknown): NxTicketsError {
  return new NxTicketsError('NX_TICKETS_COMMAND_NOT_STARTED', message, { hint: `Check that ${program} is executable and its working directory exists.`, cause });
}

/** Watches the started group until its leader exits; kills it on timeout, abort or memory. */
function superviseGroup(child: ChildProcess, argv: string[], options: SpawnTrackedOptions): Promise<SpawnTrackedResult> {
  const pgid = child.pid as number;
  const startedAt = performance.now();
  const flags = { timedOut: false, aborted: false, memoryExceeded: false };
  let peakMemoryMb = 0;
  let exited = false;
  let killTimer: NodeJS.Timeout | undefined;
  const stop = (reason: keyof typeof flags, signal: NodeJS.Signals = 'SIGTERM') => {
    if (exited) return;
    flags[reason] = true;
    killProcessGroup(pgid, signal);
    if (killTimer === undefined && signal !== 'SIGKILL') killTimer = setTimeout(() => killProcessGroup(pgid, 'SIGKILL'), options.graceMs ?? 5000);
  };
  const onAbort = () => stop('aborted');
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) onAbort(); // aborted while it was starting
  const untrack = trackProcessGroup({ pgid, argv, cwd: options.cwd, startedAtMs: Date.now(), kill: (signal) => stop('aborted', signal) });
  const timeout = options.timeoutMs === undefined ? undefined : setTimeout(() => stop('timedOut'), options.timeoutMs);
  let sampling = false;
  const watchdog = setInterval(async () => {
    if (sampling) return;
    sampling = true;
    const rssMb = await readProcessGroupRssMb(pgid);
    sampling = false;
    if (rssMb === undefined) return clearInterval(watchdog);
    peakMemoryMb = Math.max(peakMemoryMb, rssMb);
    if (options.memoryLimitMb !== undefined && rssMb > options.memoryLimitMb && !flags.memoryExceeded) stop('memoryExceeded');
  }, SAMPLE_INTERVAL_MS);
  child.on('error', () => undefined); // a kill() that lost the race with the leader's exit; 'exit' still follows
  return new Promise((resolve) => {
    child.once('exit', (exitCode, signal) => {
      exited = true;
      clearTimeout(timeout);
      clearTimeout(killTimer);
      clearInterval(watchdog);
      options.signal?.removeEventListener('abort', onAbort);
      killProcessGroup(pgid, 'SIGKILL');
      untrack();
      resolve({ exitCode, signal, ...flags, peakMemoryMb: Math.round(peakMemoryMb), durationMs: Math.round(performance.now() - startedAt) });
    });
  });
}

function describeEnd(result: SpawnTrackedResult, options: SpawnTrackedOptions): string {
  const how = result.exitCode === null ? `killed by ${result.signal}` : `exit code ${result.exitCode}`;
  const why = result.timedOut
    ? `: timed out after ${options.timeoutMs} ms`
    : result.memoryExceeded
      ? `: memory above ${options.memoryLimitMb} MiB`
      : result.aborted
        ? ': aborted'
        : '';
  return `# ${how}${why} after ${result.durationMs} ms (peak memory ${result.peakMemoryMb} MiB)`;
}
