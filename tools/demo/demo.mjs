#!/usr/bin/env node
// `npm run demo`: create a fresh demo Nx workspace, install nx-tickets with its own generator
// (`nx g nx-tickets:init`), add six tickets (a file conflict, a dependsOn link, a shared lockfile
// change), check their plan, then run them for real with `nx run-tickets -- DEMO-1 … DEMO-6`:
// one worktree and branch each, the prepared change applied, `nx affected -t test` verification,
// and the local merge train onto `main`. Exits 0 only when every ticket was merged and verified and
// the merged `main` passes its tests. Pass --keep to keep the workspace (its path is printed).
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { checkDemoPlan } from './check-demo-plan.mjs';
import { DEMO_CHANGES, IMPLEMENT_SCRIPT } from './demo-changes.mjs';
import { addDemoTickets, commitAll, configureDemoRun, createDemoWorkspace, git, REPO_ROOT } from './create-demo-workspace.mjs';
import { DEMO_KEYS } from './demo-files.mjs';

const keep = process.argv.includes('--keep');
const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' };
const bin = join(REPO_ROOT, 'packages', 'nx-tickets', 'bin', 'nx-tickets.js');

function step(title, cwd, command, args) {
  console.log(`\n$ ${[command, ...args].join(' ')}`);
  const result = spawnSync(command, args, { cwd, env, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${title} failed (exit ${result.status ?? result.signal})`);
}

const workspace = createDemoWorkspace();
let failed = true;
try {
  console.log(`Demo workspace: ${workspace.root}`);
  const nx = join(workspace.root, 'node_modules', '.bin', 'nx');
  step('nx show projects', workspace.root, nx, ['show', 'projects']);
  step('nx g nx-tickets:init', workspace.root, nx, ['g', 'nx-tickets:init', '--no-interactive']);
  commitAll(workspace.root, 'Install nx-tickets');
  configureDemoRun(workspace.root, { changes: DEMO_CHANGES, script: IMPLEMENT_SCRIPT });
  addDemoTickets(workspace.root);

  console.log(`\n$ nx-tickets plan ${DEMO_KEYS.join(' ')} --json`);
  const plan = JSON.parse(execFileSync(process.execPath, [bin, 'plan', ...DEMO_KEYS, '--json'], { cwd: workspace.root, env, encoding: 'utf8' }));
  const failures = checkDemoPlan(plan);
  if (failures.length > 0) throw new Error(`the plan is not the expected one:\n  - ${failures.join('\n  - ')}`);

  step('nx run-tickets', workspace.root, nx, ['run-tickets', '--', ...DEMO_KEYS]);

  const state = JSON.parse(execFileSync(process.execPath, [bin, 'status', '--json'], { cwd: workspace.root, env, encoding: 'utf8' }));
  const problems = [];
  for (const key of DEMO_KEYS) {
    const ticket = state.tickets[key];
    if (ticket.status !== 'merged') problems.push(`${key} is ${ticket.status}${ticket.error ? `: ${ticket.error.message}` : ''}`);
    else if (!ticket.verification || ticket.verification.skipped || ticket.verification.projects.length === 0) problems.push(`${key} was merged without verification`);
  }
  const onMain = git(workspace.root, ['log', '--format=%s', 'main']).split('\n');
  for (const key of DEMO_KEYS) if (!onMain.some((subject) => subject.startsWith(`${key}: `))) problems.push(`main has no commit of ${key}`);
  if (problems.length > 0) throw new Error(`the run did not finish as expected:\n  - ${problems.join('\n  - ')}`);

  step('nx run-many -t test (on the merged main)', workspace.root, nx, ['run-many', '-t', 'test', '--outputStyle=static', '--skip-nx-cache']);
  step('nx-tickets report (the run view, one HTML file)', workspace.root, process.execPath, [bin, 'report']);
  step('nx-tickets metrics', workspace.root, process.execPath, [bin, 'metrics']);
  console.log(`\nDemo passed: ${DEMO_KEYS.length} tickets planned, run in parallel, verified and merged onto main in order; main passes its tests.`);
  failed = false;
} catch (error) {
  console.error(`\nDemo failed: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  if (keep || failed) console.log(`Kept the demo workspace at ${workspace.root}`);
  else {
    workspace.cleanup();
    console.log('Removed the demo workspace (and the report written there); `npm run demo -- --keep` keeps it to open the report.');
  }
}
process.exitCode = failed ? 1 : 0;
