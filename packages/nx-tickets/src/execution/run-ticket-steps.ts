import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { changedFiles, commitAll, execGit, keepCommitsSince, readHead, stashUncommittedWork } from '../adapters/git/index.js';
import { spawnTracked } from '../adapters/process/index.js';
import { useSpawnServer } from '../adapters/spawn/index.js';
import type { TicketTask, TicketTaskEvent, TicketTaskResult, WorkerStep } from './ticket-task.js';
import { commandFailure, type CommandFailure } from './command-failure.js';
import { installDependencies } from './install-dependencies.js';
import { needsInstall } from './needs-install.js';
import { verifyAffected } from './verify-affected.js';


/**
 * Run a ticket's worker steps — implement, verify, commit — in its worktree. Each is idempotent:
 * an unfinished `implement` starts again from a clean checkout of the start point (uncommitted
 * work found there is kept in a git stash entry first, and the implement log says which); `commit` with
 * nothing new returns the existing head. Failures are returned, not thrown, with the step and log.
 *
 * @param emit receives step start/end events.
 * @throws only on infrastructure errors (git itself failing), which the caller may retry.
 */
export async function runTicketSteps(task: TicketTask, emit: (event: TicketTaskEvent) => void, signal?: AbortSignal): Promise<TicketTaskResult> {
  useSpawnServer(task.spawnSocket);
  const completed: WorkerStep[] = [];
  // The head is the commit step's; read only when the steps end without one (a failure, nothing to commit).
  const result: TicketTaskResult = { completed, head: '' };
  const finish = async (): Promise<TicketTaskResult> => {
    if (result.head === '') result.head = await readHead(task.workspace);
    return result;
  };
  for (const step of task.steps) {
    emit({ type: 'step:start', step, at: Date.now() });
    const failure = await runStep(step, { ...task, onStart: (pgid) => emit({ type: 'process', pgid, at: Date.now() }), onKept: (what) => emit({ type: 'kept', what, at: Date.now() }) }, result, signal);
    emit({ type: 'step:end', step, at: Date.now(), ok: failure === undefined, ...(failure ? { detail: failure.message } : {}) });
    if (failure !== undefined) {
      // Nx's database busy, or a plugin worker killed under it, is the machinery failing, not the ticket.
      const busy = step === 'verify' && (await logMentions(task.logs.verify, /database is locked|SQLITE_BUSY|Plugin worker .* exited/i));
      result.failure = { step, ...failure, logFile: task.logs[step], ...(busy ? { code: 'NX_TICKETS_NX_DATABASE_BUSY' } : {}) };
      return finish();
    }
    completed.push(step);
  }
  return finish();
}

type StepTask = TicketTask & { onStart: (pgid: number) => void; onKept: (what: string) => void };

async function runStep(step: WorkerStep, task: StepTask, result: TicketTaskResult, signal?: AbortSignal): Promise<CommandFailure | undefined> {
  if (step === 'implement') return implement(task, signal);
  if (step === 'verify') {
    // Nothing to verify: no need to ask git what changed (the commit step lists the actual files).
    if (task.verify.targets.length === 0) {
      result.verification = (await verifyAffected(task, [], signal, task.onStart)).verification;
      return undefined;
    }
    const files = await workingChanges(task);
    // Installing is for verifying: with no targets there is nothing to install for.
    if (await needsInstall(task.workspace, task.diffBase, files)) {
      const failure = await installDependencies(task, signal);
      if (failure !== undefined) return failure;
    }
    const outcome = await verifyAffected(task, files, signal, task.onStart);
    result.verification = outcome.verification;
    return outcome.failure;
  }
  const commit = await commitAll(task.workspace, { ...task.commit, changedSince: task.diffBase });
  result.head = commit.sha;
  result.actualFiles = commit.files ?? [];
  if (result.actualFiles.length > 0) return undefined;
  return {
    message: task.implementCommand
      ? 'the implement command changed no file'
      : 'the ticket branch holds no work and no implement command is configured (set implement.command in nx.json, or command in the ticket)',
  };
}

async function implement(task: StepTask, signal?: AbortSignal): Promise<CommandFailure | undefined> {
  if (!task.implementCommand) return undefined;
  // Start over from the start point: a half-run implement step (killed, timed out) leaves partial edits.
  if (!/^[0-9a-f]{40}$/.test(task.startPoint)) throw new Error(`start point of ${task.key} is not a commit sha`);
  if (!task.freshCheckout) {
    // Nothing is lost: a person's fix (or the last attempt's edits) goes to the stash, not away.
    await keepUncommittedWork(task);
    await keepHandCommits(task);
    await execGit(task.workspace, ['reset', '--hard', '--quiet', task.startPoint]);
    await execGit(task.workspace, ['clean', '-fd', '--quiet']);
  }
  const env = { TICKET_KEY: task.key, TICKET_TITLE: task.title, TICKET_FILE: task.ticketFile };
  const end = await spawnTracked(task.implementCommand, {
    cwd: task.workspace,
    env,
    logFile: task.logs.implement,
    timeoutMs: task.implementTimeoutMs,
    onStart: task.onStart,
    ...(task.memoryLimitMb ? { memoryLimitMb: task.memoryLimitMb } : {}),
    ...(signal ? { signal } : {}),
  });
  return end.exitCode === 0 ? undefined : commandFailure('implement command', end);
}

/**
 * Before `implement` runs again from a clean worktree: keep the worktree's uncommitted work (tracked
 * changes and untracked files) in a git stash entry, and say in the implement log where it went.
 */
async function keepUncommittedWork(task: StepTask): Promise<void> {
  const stashed = await stashUncommittedWork(task.worktree, `nx-tickets: ${task.key} before implement ran again`, task.commit.identity ?? []);
  if (!stashed) return;
  task.onKept(`kept the uncommitted changes of its worktree in git stash entry ${stashed.ref} (${stashed.sha.slice(0, 10)}); the implement log says how to get them back`);
  await mkdir(dirname(task.logs.implement), { recursive: true });
  await appendFile(
    task.logs.implement,
    `nx-tickets: the uncommitted changes in ${task.worktree} were kept in git stash entry ${stashed.ref} (${stashed.sha}, "${stashed.message}") before implement ran again from a clean worktree; see \`git stash list\`, get them back with \`git stash apply ${stashed.ref}\` (or \`git stash apply ${stashed.sha}\` once newer entries were added) in that worktree\n`,
  );
}

/**
 * Before `implement` runs again from the start point: keep the commits a person made in the
 * worktree since then under a ref (see `keepCommitsSince`), and say in the implement log where.
 */
async function keepHandCommits(task: StepTask): Promise<void> {
  const kept = await keepCommitsSince(task.worktree, task.startPoint, task.key);
  if (!kept) return;
  task.onKept(`kept ${kept.count === 1 ? 'the commit' : `the ${kept.count} commits`} made in its worktree under ${kept.ref}; the implement log says how to get ${kept.count === 1 ? 'it' : 'them'} back`);
  await mkdir(dirname(task.logs.implement), { recursive: true });
  const what = kept.count === 1 ? '1 commit made in' : `${kept.count} commits made in`;
  await appendFile(
    task.logs.implement,
    `nx-tickets: ${what} ${task.worktree} after the start point ${kept.count === 1 ? 'was' : 'were'} kept under ${kept.ref} (${kept.sha}) before implement ran again from the start point; see \`git log ${kept.ref}\`, bring ${kept.count === 1 ? 'it' : 'them'} back with \`git cherry-pick ${task.startPoint.slice(0, 10)}..${kept.ref}\` in that worktree\n`,
  );
}

/** Files changed in the worktree since the start point, committed or not. */
async function workingChanges(task: TicketTask): Promise<string[]> {
  const { stdout } = await execGit(task.workspace, ['status', '--porcelain', '-z', '--untracked-files=all', '--no-renames']);
  const dirty = stdout.split('\0').filter(Boolean).map((line) => line.slice(3));
  return [...new Set([...(await changedFiles(task.workspace, task.diffBase)), ...dirty])];
}

/** Whether the end of a log (last 64 KiB) matches `pattern`. */
async function logMentions(file: string, pattern: RegExp): Promise<boolean> {
  const { readFile } = await import('node:fs/promises');
  const text = await readFile(file, 'utf8').catch(() => '');
  return pattern.test(text.slice(-65_536));
}
