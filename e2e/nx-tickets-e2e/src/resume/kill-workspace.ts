import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { createTempNxWorkspace, runGit, type TempGitRepo } from '@nx-tickets/testing';
import { NX_TICKETS_BIN, TEST_ENV } from '../run-command.js';

const SHARED = 'libs/alpha/src/shared.ts';
const CHAIN = 'libs/beta/src/chain.ts';
const SOLO = 'libs/gamma/src/solo.ts';

/**
 * The five tickets of every kill trial: a file-conflict pair (K-1/K-2 edit one file), a `dependsOn`
 * pair (K-4 extends the file K-3 creates), and an independent one (K-5).
 */
export const KILL_KEYS = ['K-1', 'K-2', 'K-3', 'K-4', 'K-5'] as const;

/** Lines each ticket adds, in two halves (the implement command sleeps between them). */
const linesOf = (key: string): [string, string] => {
  const name = key.replace('-', '_');
  return [`export const ${name}_first = '${key}';\n`, `export const ${name}_second = '${key}';\n`];
};

/** What main must hold once every ticket is merged: each ticket's lines exactly once, in order. */
export const EXPECTED_FILES: Record<string, string> = {
  [SHARED]: `export const shared = 0;\n${linesOf('K-1').join('')}${linesOf('K-2').join('')}`,
  [CHAIN]: `${linesOf('K-3').join('')}${linesOf('K-4').join('')}`,
  [SOLO]: linesOf('K-5').join(''),
};

/**
 * The implement command (`node tools/implement.mjs`, no shell, run in the ticket's worktree):
 * checks the worktree started from what it must (K-2 after K-1 on main, K-4 on K-3's work) and
 * that it does not hold the ticket's edit yet (an interrupted implement starts from a clean
 * checkout), sleeps `KILL_TRIAL_EXTRA_SLEEP_MS` (default 0), waits while the file
 * `KILL_TRIAL_HOLD_FILE` exists (when set), sleeps a random 0–200 ms, appends the first half of the ticket's lines, sleeps 0–200 ms again and appends
 * the second half — so a kill can land before, between and after the edits.
 */
const IMPLEMENT_SCRIPT = `import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
const key = process.env.TICKET_KEY;
const lines = ${JSON.stringify(Object.fromEntries(KILL_KEYS.map((key) => [key, linesOf(key)])))};
const files = { 'K-1': '${SHARED}', 'K-2': '${SHARED}', 'K-3': '${CHAIN}', 'K-4': '${CHAIN}', 'K-5': '${SOLO}' };
const needs = { 'K-2': lines['K-1'][1], 'K-4': lines['K-3'][1] };
const file = files[key];
if (!file) { console.error('unknown ticket ' + key); process.exit(3); }
const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
if (needs[key] && !text.includes(needs[key])) { console.error(key + ' did not start from the work it needs'); process.exit(4); }
if (text.includes(lines[key][0])) { console.error(key + ' runs on a worktree that already holds its edit'); process.exit(5); }
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
await sleep(Number(process.env.KILL_TRIAL_EXTRA_SLEEP_MS ?? 0));
for (let waited = 0; process.env.KILL_TRIAL_HOLD_FILE && existsSync(process.env.KILL_TRIAL_HOLD_FILE) && waited < 120_000; waited += 50) await sleep(50);
await sleep(Math.random() * 200);
mkdirSync(dirname(file), { recursive: true });
appendFileSync(file, lines[key][0]);
await sleep(Math.random() * 200);
appendFileSync(file, lines[key][1]);
`;

const ticket = (fields: Record<string, unknown>): string =>
  `---\n${Object.entries(fields).map(([name, value]) => `${name}: ${JSON.stringify(value)}`).join('\n')}\n---\nAn edit for the kill trials.\n`;

/** A project's package.json, with a `test` script when verification is on. */
const projectPackage = (name: string, test: boolean): string =>
  `${JSON.stringify({ name, version: '0.0.0', private: true, ...(test ? { scripts: { test: 'node -e "process.exit(0)"' } } : {}), nx: { name } }, null, 2)}\n`;

/** Options of {@link createKillWorkspace}. */
export interface KillWorkspaceOptions {
  /** `verify.targets` (default none: nothing is verified, which keeps a trial fast). */
  verifyTargets?: string[];
  maxThreads?: number;
}

/** Run state as `nx-tickets status --json` prints it (the fields the trials read). */
export interface TrialState {
  runId: string;
  status: string;
  baseStart: string;
  tickets: Record<string, { status: string; step?: string; completed: string[]; branch: string; head?: string; mergedSha?: string; worktree?: string; worktreeRemoved?: boolean; error?: { message: string } }>;
}

/** One event line of `events.jsonl`. */
export interface TrialEvent {
  type: string;
  ticket?: string;
  step?: string;
  at: number;
}

/** A started CLI process. */
export interface RunnerProcess {
  child: ChildProcess;
  startedAt: number;
  /** Resolves when it exited, with its code (`null` when killed) and output. */
  exited: Promise<{ exitCode: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; endedAt: number }>;
}

/** A temp Nx workspace with projects alpha, beta, gamma, the tickets K-1…K-5 and nx-tickets configured. */
export interface KillWorkspace {
  repo: TempGitRepo;
  root: string;
  /** Start `nx-tickets <args>` in the workspace as the leader of its own process group; `env` is added to the test environment. */
  start(args: string[], env?: Record<string, string>): RunnerProcess;
  git(args: string[]): Promise<string>;
  /** Ids of the runs in the workspace, oldest first. */
  runs(): Promise<string[]>;
  /** The latest run's state, or undefined when no run was created yet. */
  state(): Promise<TrialState | undefined>;
  /** The latest run's events (a line cut short by a kill is skipped). */
  events(): Promise<TrialEvent[]>;
  cleanup(): Promise<void>;
}

/** Create the workspace of one trial. */
export async function createKillWorkspace(options: KillWorkspaceOptions = {}): Promise<KillWorkspace> {
  const verifyTargets = options.verifyTargets ?? [];
  const test = verifyTargets.includes('test');
  const pluginOptions = {
    source: { type: 'local', dir: 'tickets' },
    implement: { command: ['node', 'tools/implement.mjs'], timeoutMinutes: 2 },
    verify: { targets: verifyTargets },
    parallel_execution: { max_threads: options.maxThreads ?? 3 },
  };
  const repo = await createTempNxWorkspace({
    projects: [
      { name: 'alpha', root: 'libs/alpha', files: { 'src/shared.ts': 'export const shared = 0;\n' } },
      { name: 'beta', root: 'libs/beta' },
      { name: 'gamma', root: 'libs/gamma' },
    ],
    nxJson: { plugins: [{ plugin: 'nx-tickets', options: pluginOptions }] },
    files: {
      'libs/alpha/package.json': projectPackage('alpha', test),
      'libs/beta/package.json': projectPackage('beta', test),
      'libs/gamma/package.json': projectPackage('gamma', test),
      'tools/implement.mjs': IMPLEMENT_SCRIPT,
      'tickets/K-1.md': ticket({ key: 'K-1', title: 'First edit of the shared file', type: 'feature', status: 'ready', estimate: '2h', files: [SHARED] }),
      'tickets/K-2.md': ticket({ key: 'K-2', title: 'Second edit of the shared file', type: 'bug', status: 'ready', estimate: '1h', files: [SHARED] }),
      'tickets/K-3.md': ticket({ key: 'K-3', title: 'Start the chain', type: 'feature', status: 'ready', estimate: '1h', files: [CHAIN] }),
      'tickets/K-4.md': ticket({ key: 'K-4', title: 'Extend the chain', type: 'feature', status: 'ready', estimate: '1h', dependsOn: ['K-3'], files: [CHAIN] }),
      'tickets/K-5.md': ticket({ key: 'K-5', title: 'Work alone', type: 'chore', status: 'ready', estimate: '1h', files: [SOLO] }),
    },
  });
  const root = repo.root;
  const runners: RunnerProcess[] = [];
  const runsDir = join(root, '.nx', 'tickets', 'runs');
  const runs = async (): Promise<string[]> => (await readdir(runsDir).catch(() => [] as string[])).sort();
  const latest = async (): Promise<string | undefined> => (await runs()).at(-1);
  return {
    repo,
    root,
    start: (args, env) => {
      const runner = startRunner(root, args, env);
      runners.push(runner);
      return runner;
    },
    git: (args) => runGit(root, args),
    runs,
    async state() {
      const id = await latest();
      if (id === undefined) return undefined;
      return JSON.parse(await readFile(join(runsDir, id, 'state.json'), 'utf8').catch(() => 'null')) ?? undefined;
    },
    async events() {
      const id = await latest();
      if (id === undefined) return [];
      const text = await readFile(join(runsDir, id, 'events.jsonl'), 'utf8').catch(() => '');
      return text.split('\n').flatMap((line) => {
        try {
          return line ? [JSON.parse(line) as TrialEvent] : [];
        } catch {
          return [];
        }
      });
    },
    async cleanup() {
      // Never delete a workspace under a live process (node's recursive mkdir in a deleted folder spins forever).
      for (const runner of runners) if (runner.child.exitCode === null && runner.child.signalCode === null) killGroup(runner.child.pid as number);
      for (const pid of await processesUnder(root)) killGroup(pid);
      await new Promise((resolve) => setTimeout(resolve, 100));
      await repo.cleanup();
    },
  };
}

function killGroup(pid: number): void {
  for (const target of [-pid, pid]) {
    try {
      process.kill(target, 'SIGKILL');
    } catch {
      // gone already
    }
  }
}

/** Live processes whose working directory or command line is inside `root` (`/proc`, Linux only). */
export async function processesUnder(root: string): Promise<number[]> {
  const found: number[] = [];
  for (const entry of await readdir('/proc').catch(() => [] as string[])) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    if (stat === '' || stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue; // gone, or a zombie that has ended
    const cwd = await readlink(`/proc/${entry}/cwd`).catch(() => '');
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (cwd === root || cwd.startsWith(`${root}/`) || cmdline.includes(root)) found.push(Number(entry));
  }
  return found;
}

function startRunner(root: string, args: string[], env: Record<string, string> = {}): RunnerProcess {
  const startedAt = Date.now();
  const child = spawn(process.execPath, [NX_TICKETS_BIN, ...args], { cwd: root, env: { ...TEST_ENV, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ exitCode: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; endedAt: number }>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (exitCode, signal) => resolve({ exitCode, signal, stdout, stderr, endedAt: Date.now() }));
  });
  return { child, startedAt, exited };
}

/** Poll `check` every 20 ms until it returns a value other than undefined; rejects after `timeoutMs`. */
export async function waitFor<T>(check: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * `K-1 merged · K-2 running:implement · …` for a run's state; `planning (no run yet)` before the
 * run was created.
 */
export function describeTickets(state: TrialState | undefined): string {
  if (!state) return 'planning (no run yet)';
  return Object.entries(state.tickets)
    .map(([key, t]) => `${key} ${t.status}${t.step ? `:${t.step}` : ''}`)
    .join(' · ');
}
