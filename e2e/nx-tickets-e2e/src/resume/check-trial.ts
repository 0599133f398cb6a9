import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { EXPECTED_FILES, KILL_KEYS, processesUnder, type KillWorkspace } from './kill-workspace.js';

/**
 * Everything that must hold once a killed and resumed run has finished: every ticket merged exactly
 * once, one branch and one worktree each, main holding each edit once, the user's checkout clean,
 * no rebase left half-done, and no process left behind. Returns the problems, as sentences.
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

  // Worktrees: the main checkout on main, one per ticket on its branch; none prunable, locked or mid-rebase.
  const records = (await ws.git(['worktree', 'list', '--porcelain'])).trim().split('\n\n').map((block) => block.split('\n'));
  const pathOf = (record: string[]) => record.find((line) => line.startsWith('worktree '))?.slice('worktree '.length);
  const branchOf = (record: string[]) => record.find((line) => line.startsWith('branch '))?.slice('branch refs/heads/'.length);
  const main = records.find((record) => pathOf(record) === ws.root);
  if (!main || branchOf(main) !== 'main') problems.push(`the main checkout is not on main: ${main?.join(' ')}`);
  if (records.length !== KILL_KEYS.length + 1) problems.push(`${records.length} worktrees: ${records.map(pathOf).join(', ')}`);
  for (const record of records) {
    if (record.some((line) => line.startsWith('prunable') || line.startsWith('locked'))) problems.push(`worktree ${record.join(' ')}`);
  }
  for (const key of KILL_KEYS) {
    const path = join(ws.root, '.nx/tickets/worktrees', key);
    const record = records.find((r) => pathOf(r) === path);
    if (!record) {
      problems.push(`no worktree for ${key} at ${path}`);
      continue;
    }
    if (branchOf(record) !== state.tickets[key]?.branch) problems.push(`${key}'s worktree has ${branchOf(record)}, not ${state.tickets[key]?.branch}`);
    const gitDir = (await ws.git(['-C', path, 'rev-parse', '--absolute-git-dir'])).trim();
    for (const marker of ['rebase-merge', 'rebase-apply', 'MERGE_HEAD', 'index.lock']) {
      if (existsSync(join(gitDir, marker))) problems.push(`${key}'s worktree has ${marker} left`);
    }
    const dirty = (await ws.git(['-C', path, 'status', '--porcelain', '--untracked-files=no'])).trim();
    if (dirty) problems.push(`${key}'s worktree has uncommitted changes: ${dirty.replace(/\n/g, ', ')}`);
  }
  const userStatus = (await ws.git(['status', '--porcelain'])).trim();
  if (userStatus) problems.push(`the main checkout has changes: ${userStatus.replace(/\n/g, ', ')}`);
  if (existsSync(join(ws.root, '.git', 'index.lock'))) problems.push('the main checkout has .git/index.lock left');

  const leftovers = await processesUnder(ws.root);
  if (leftovers.length > 0) problems.push(`processes left in the workspace: ${leftovers.join(', ')}`);
  return problems;
}
