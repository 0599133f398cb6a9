#!/usr/bin/env node
// `npm run demo`: create a fresh demo Nx workspace, install nx-tickets with its own generator
// (`nx g nx-tickets:init`), add six tickets, run the real `nx run-tickets -- … --dry-run` and
// `nx-tickets plan --json`, and exit 0 only if the plan is the expected one.
// Pass --keep to keep the workspace (its path is printed).
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { checkDemoPlan } from './check-demo-plan.mjs';
import { addDemoTickets, commitAll, createDemoWorkspace, REPO_ROOT } from './create-demo-workspace.mjs';
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
  addDemoTickets(workspace.root);
  step('nx run-tickets --dry-run', workspace.root, nx, ['run-tickets', '--', ...DEMO_KEYS, '--dry-run']);
  console.log(`\n$ nx-tickets plan ${DEMO_KEYS.join(' ')} --json`);
  const plan = JSON.parse(execFileSync(process.execPath, [bin, 'plan', ...DEMO_KEYS, '--json'], { cwd: workspace.root, env, encoding: 'utf8' }));
  const failures = checkDemoPlan(plan);
  if (failures.length > 0) throw new Error(`the plan is not the expected one:\n  - ${failures.join('\n  - ')}`);
  console.log(`plan --json: ${plan.tickets.length} tickets, ${plan.overlaps.filter((o) => o.conflict).length} conflicts, batches ${JSON.stringify(plan.batches)}`);
  step('nx run-many -t test', workspace.root, nx, ['run-many', '-t', 'test', '--outputStyle=static']);
  console.log('\nDemo passed: the plan is the expected one, and the demo workspace\'s own tests pass.');
  failed = false;
} catch (error) {
  console.error(`\nDemo failed: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  if (keep) console.log(`Kept the demo workspace at ${workspace.root}`);
  else workspace.cleanup();
}
process.exitCode = failed ? 1 : 0;
