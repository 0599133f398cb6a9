import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { EXPECTED_FILES, KILL_KEYS, processesUnder, type KillWorkspace } from './kill-workspace.js';

/**
 * Everything that must hold once a killed and resumed run has finished: every ticket merged exactly
 * once, one branch each and every worktree removed at the end, main holding each edit once, the
 * user's checkout clean, and no process left behind. Returns the problems, as sentences.
 */
export async function checkTrial(ws: KillWorkspace): Promise<string[]> {
  const problems: string[] = [];
  const state = await ws.state();
  if (!state) return ['no run state'];
  for (const key of KILL_KEYS) {
    const t = state.tickets[key];
    if (t?.status !== 'merged') problems.push(`${key} is ${t?.status ?? 'missing'}${t?.error ? ` (${t.error.message})` : ''}`);
  }

  // Exactly one commit per ticket on main since the run started, each with its Ticket trailer.
  const trailers = (await ws.git(['log', `${state.baseStart}..main`, '--format=%(trailers:key=Ticket,valueonly,separator=%x2C)'])).split('\n').filter((line) => line !== '');
  const commits = (await ws.git(['rev-list', '--count', `${state.baseStart}..main`])).trim();
  if (commits !== String(KILL_KEYS.length)) problems.push(`main has ${commits} new commits, not ${KILL_KEYS.length}`);
  for (const key of KILL_KEYS) {
    const count = trailers.filter((value) => value.trim() === key).length;
    if (count !== 1) problems.push(`main has ${count} commits with the trailer Ticket: ${key}`);
  }
  const mainHead = (await ws.git(['rev-parse', 'refs/heads/main'])).trim();
  for (const key of KILL_KEYS) {
    const sha = state.tickets[key]?.mergedSha;
    if (!sha) continue;
    const ancestor = await ws.git(['merge-base', '--is-ancestor', sha, mainHead]).then(() => true, () => false);
    if (!ancestor) problems.push(`${key}'s merged commit ${sha.slice(0, 10)} is not on main`);
  }

  // Each edit exactly once, in order: main's files are what applying the tickets one by one gives.
  for (const [path, text] of Object.entries(EXPECTED_FILES)) {
    const actual = await ws.git(['show', `main:${path}`]).catch(() => '(missing)');
    if (actual !== text) problems.push(`main:${path} is ${JSON.stringify(actual)}, expected ${JSON.stringify(text)}`);
  }

  // One branch per ticket (the state's), nothing else but main.
  const branches = (await ws.git(['branch', '--list', '--format=%(refname:short)'])).split('\n').filter(Boolean).sort();
  const expectedBranches = ['main', ...KILL_KEYS.map((key) => state.tickets[key]?.branch ?? `(no branch for ${key})`)].sort();
  if (JSON.stringify(branches) !== JSON.stringify(expectedBranches)) problems.push(`branches are ${branches.join(', ')}; expected ${expectedBranches.join(', ')}`);
  for (const key of KILL_KEYS) {
    const named = branches.filter((branch) => branch.includes(`/${key}-`));
    if (named.length !== 1) problems.push(`${named.length} branches for ${key}: ${named.join(', ')}`);
  }

  // Worktrees: every ticket merged, so the run removed theirs at its end — only the main checkout
  // on main is left, nothing prunable or locked, and no folder under .nx/tickets/worktrees.
  const records = (await ws.git(['worktree', 'list', '--porcelain'])).trim().split('\n\n').map((block) => block.split('\n'));
  const pathOf = (record: string[]) => record.find((line) => line.startsWith('worktree '))?.slice('worktree '.length);
  const branchOf = (record: string[]) => record.find((line) => line.startsWith('branch '))?.slice('branch refs/heads/'.length);
  const main = records.find((record) => pathOf(record) === ws.root);
  if (!main || branchOf(main) !== 'main') problems.push(`the main checkout is not on main: ${main?.join(' ')}`);
  if (records.length !== 1) problems.push(`${records.length} worktrees: ${records.map(pathOf).join(', ')}`);
  for (const record of records) {
    if (record.some((line) => line.startsWith('prunable') || line.startsWith('locked'))) problems.push(`worktree ${record.join(' ')}`);
  }
  const folders = await readdir(join(ws.root, '.nx/tickets/worktrees')).catch(() => [] as string[]);
  if (folders.length > 0) problems.push(`left under .nx/tickets/worktrees: ${folders.join(', ')}`);
  for (const key of KILL_KEYS) {
    const t = state.tickets[key];
    if (t?.worktree !== join(ws.root, '.nx/tickets/worktrees', key)) problems.push(`${key} was worked on in ${t?.worktree ?? 'no worktree'}`);
    if (t?.worktreeRemoved !== true) problems.push(`${key}'s worktree is not marked removed`);
  }
  const userStatus = (await ws.git(['status', '--porcelain'])).trim();
  if (userStatus) problems.push(`the main checkout has changes: ${userStatus.replace(/\n/g, ', ')}`);
  if (existsSync(join(ws.root, '.git', 'index.lock'))) problems.push('the main checkout has .git/index.lock left');

  const leftovers = await processesUnder(ws.root);
  if (leftovers.length > 0) problems.push(`processes left in the workspace: ${leftovers.join(', ')}`);
  return problems;
}
