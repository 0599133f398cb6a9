#!/usr/bin/env node
/**
 * Run benchmark (issue 3). Prints figures; nothing here asserts on time.
 *
 * (a) 20 no-op tickets at 4 threads (implement = a node script writing one file, nothing verified)
 *     with `nx-tickets run`, versus tools/bench/run/shell-baseline.sh doing the same git work with the
 *     same parallelism (worktree add, the same implement script, commit; then rebase + fast-forward
 *     one by one), each on a fresh copy of the same workspace. Prints both wall times and the ratio,
 *     end to end (the CLI plans first: Nx project graph) and for the run phase alone. Target ≤ 1.5×.
 * (b) 30 sleep-tickets (estimates 30–120 "minutes", sleeping `MS_PER_MINUTE` ms per minute, default
 *     100: 3–12 s each, so the sleeps — not the ~1 s of git work per ticket that (a) measures — are
 *     the work being scheduled) with dependsOn links and file conflicts at 4 threads: achieved
 *     makespan (run:start → run:end) ÷ lower bound, the lower bound being max(critical path, total
 *     work ÷ threads) computed from the sleeps that actually ran. Target ≤ 1.10. Measured with each
 *     ticket in a project of its own (tickets relate through their shared files and links only), then
 *     once with the same tickets in four projects.
 * For each it prints where the time went (medians per step from the run's events).
 *
 * Run: `npm run bench:run` (builds first). `REPEAT=n` runs each measurement n times (default 3) and
 * reports the median; `ONLY=a` or `ONLY=b` runs one scenario; `KEEP=1` keeps the workspaces.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatProfile, lowerBound, profileRun, readRun } from './run/analyse.mjs';
import { copyWorkspace, createNoopWorkspace, createSleepWorkspace } from './run/workspaces.mjs';

const BIN = fileURLToPath(new URL('../../packages/nx-tickets/bin/nx-tickets.js', import.meta.url));
const BASELINE = fileURLToPath(new URL('./run/shell-baseline.sh', import.meta.url));
const REPEAT = Number(process.env.REPEAT ?? 3);
const THREADS = 4;
const MS_PER_MINUTE = Number(process.env.MS_PER_MINUTE ?? 100);
const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', CI: 'true', NO_COLOR: '1', GIT_TERMINAL_PROMPT: '0' };

/** Run a command; resolves to its wall time in ms. Rejects on a non-zero exit, with its output. */
function timed(command, args, cwd) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(performance.now() - started) : reject(new Error(`${command} ${args.slice(0, 2).join(' ')} exited ${code}:\n${output.slice(-3000)}`))));
  });
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];
const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
const keep = (copy) => (process.env.KEEP ? console.log(`  kept ${copy.root}`) : copy.cleanup());

async function benchNoop() {
  const template = await createNoopWorkspace(20);
  const samples = [];
  try {
    for (let i = 0; i < REPEAT; i += 1) {
      const ours = copyWorkspace(template.root);
      const shell = copyWorkspace(template.root);
      try {
        // Alternate who goes first, so neither always gets the warmer file cache.
        const runOurs = async () => {
          const wall = await timed(process.execPath, [BIN, 'run', ...template.keys, '--json'], ours.root);
          const { state, events } = readRun(ours.root);
          const merged = Object.values(state.tickets).filter((t) => t.status === 'merged').length;
          if (merged !== template.keys.length) throw new Error(`nx-tickets merged ${merged} of ${template.keys.length} tickets (${ours.root})`);
          return { wall, profile: profileRun(events) };
        };
        const runShell = () => timed('bash', [BASELINE, shell.root, String(THREADS), join(shell.base, 'trees'), ...template.keys], shell.root);
        const sample = {};
        if (i % 2 === 0) {
          sample.ours = await runOurs();
          sample.shell = await runShell();
        } else {
          sample.shell = await runShell();
          sample.ours = await runOurs();
        }
        samples.push(sample);
        console.log(`  (a) #${i + 1}: nx-tickets ${s(sample.ours.wall)} (run phase ${s(sample.ours.profile.runPhaseMs)}) · shell ${s(sample.shell)}`);
      } finally {
        keep(ours);
        keep(shell);
      }
    }
  } finally {
    await template.cleanup();
  }
  const wall = median(samples.map((x) => x.ours.wall));
  const phase = median(samples.map((x) => x.ours.profile.runPhaseMs));
  const shell = median(samples.map((x) => x.shell));
  const profile = samples.find((x) => x.ours.wall === wall)?.ours.profile ?? samples[0].ours.profile;
  console.log(`(a) 20 no-op tickets, ${THREADS} threads (median of ${REPEAT}):`);
  console.log(`    nx-tickets ${s(wall)} end to end, ${s(phase)} run phase · shell script ${s(shell)}`);
  console.log(`    ratio ${(wall / shell).toFixed(2)}× end to end, ${(phase / shell).toFixed(2)}× run phase (target ≤ 1.5×)`);
  console.log(`    nx-tickets per ticket (medians): ${formatProfile(profile)} · first implement ${Math.round(profile.toFirstImplementMs)} ms after run:start · train busy ${s(profile.trainBusyMs)}`);
  console.log(`    planning and start-up (end to end − run phase): ${s(wall - phase)}`);
}

async function benchSleep(layout, repeat) {
  const base = realpathSync(mkdtempSync(join(tmpdir(), 'nx-tickets-bench-log-')));
  const results = [];
  try {
    for (let i = 0; i < repeat; i += 1) {
      const log = join(base, `sleeps-${i}.jsonl`);
      const ws = await createSleepWorkspace({ count: 30, seed: 7, msPerMinute: MS_PER_MINUTE, sleepLog: log, layout });
      try {
        const wall = await timed(process.execPath, [BIN, 'run', ...ws.keys, '--json'], ws.root);
        const { state, events } = readRun(ws.root);
        const merged = Object.values(state.tickets).filter((t) => t.status === 'merged').length;
        if (merged !== ws.keys.length) throw new Error(`nx-tickets merged ${merged} of ${ws.keys.length} tickets (${ws.root})`);
        const profile = profileRun(events);
        const bound = lowerBound(state, log, THREADS);
        results.push({ wall, profile, bound, ratio: profile.runPhaseMs / bound.lowerBoundMs, state });
        console.log(`  (b, ${layout}) #${i + 1}: makespan ${s(profile.runPhaseMs)} · lower bound ${s(bound.lowerBoundMs)} · ratio ${(profile.runPhaseMs / bound.lowerBoundMs).toFixed(3)}`);
      } finally {
        if (process.env.KEEP) console.log(`  kept ${ws.root}`);
        else await ws.cleanup();
      }
    }
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
  const pick = results.find((r) => r.ratio === median(results.map((x) => x.ratio)));
  const { bound, profile, state } = pick;
  const conflicts = state.relations.filter((r) => r.conflict && r.kind !== 'link').length;
  const links = Object.values(state.dependsOn).reduce((n, deps) => n + deps.length, 0);
  const others = state.relations.filter((r) => !r.conflict).length;
  const shape = layout === 'dense' ? 'all in 4 projects' : 'one project per ticket + 4 shared libraries';
  console.log(`(b, ${layout}) 30 sleep-tickets (${MS_PER_MINUTE} ms per estimated minute), ${THREADS} threads, ${shape}: ${links} dependsOn links, ${conflicts} conflict relations, ${others} other relations — median of ${repeat}:`);
  console.log(`    total work ${s(bound.totalWorkMs)} (÷ ${THREADS} = ${s(bound.perThreadMs)}) · critical path ${s(bound.criticalPathMs)} (${bound.chain.join(' → ')})`);
  console.log(`    makespan ${s(profile.runPhaseMs)} (run:start → run:end; CLI end to end ${s(pick.wall)}) · lower bound ${s(bound.lowerBoundMs)}`);
  console.log(`    makespan ÷ lower bound = ${pick.ratio.toFixed(3)} (target ≤ 1.10)`);
  console.log(`    per ticket (medians): ${formatProfile(profile)} · first implement ${Math.round(profile.toFirstImplementMs)} ms after run:start · train busy ${s(profile.trainBusyMs)}`);
  console.log(`    thread slots busy ${(profile.slotUtilisation(THREADS) * 100).toFixed(0)}% of the makespan; per ticket a slot holds ${Math.round(profile.slotMs / 30 - bound.totalWorkMs / 30)} ms besides its sleep`);
}

console.log('nx-tickets run benchmark');
const only = process.env.ONLY; // `a` or `b`: run one scenario
if (only !== 'b') await benchNoop();
if (only !== 'a') await benchSleep('spread', REPEAT);
// The same tickets with every ticket sharing a project with a quarter of the others: each merge
// is verified again when a related ticket merged first, and a conflict's second ticket waits for
// the first to be merged.
if (only !== 'a') await benchSleep('dense', 1);
