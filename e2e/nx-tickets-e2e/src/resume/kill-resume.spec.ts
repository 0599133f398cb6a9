import { afterAll, describe, expect, test } from 'vitest';
import { prng } from '@nx-tickets/testing';
import { checkTrial } from './check-trial.js';
import { createKillWorkspace, describeTickets, KILL_KEYS, type KillWorkspace, type RunnerProcess, type TrialEvent } from './kill-workspace.js';

/**
 * Issue 3's acceptance: kill -9 the runner at random points in at least 20 trials; `resume` always
 * finishes with every ticket merged exactly once and no branch or commit lost.
 *
 * Each trial: a fresh workspace with five tickets (a file conflict pair, a dependsOn pair, an
 * independent one), `nx-tickets run` started as a child process and killed with SIGKILL after a
 * random delay, then `resume` — killed again in some trials — until a resume exits 0. Most kills
 * hit the runner alone (its git children run on, its implement commands are orphaned); some hit its
 * whole process group (git is killed mid-command and may leave lock files). Delays come from a
 * seeded PRNG (`KILL_SEED`, default below; `KILL_TRIALS` sets the count). Three trials verify with
 * real `test` targets, the others skip verification to stay fast.
 */
const TRIALS = Number(process.env.KILL_TRIALS ?? 22);
const SEED = Number(process.env.KILL_SEED ?? 20261129);
/** To hunt one window: `KILL_AIM=merge` aims every kill at that step, `KILL_MODE=group|pid` fixes what is killed. */
const FORCE_AIM = process.env.KILL_AIM;
const FORCE_MODE = process.env.KILL_MODE as 'pid' | 'group' | undefined;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Where a kill landed. */
interface KillPoint {
  command: string;
  mode: 'pid' | 'group';
  /** `time`, `early`, or the event it was aimed at (`2. merge`: 0–60 ms after the second merge started). */
  aim: string;
  /** ms after this process's `run:start` event (negative: before it, while planning or locking — then minus the ms since the process started). */
  afterStart: number;
  tickets: string;
  lastEvent: string;
  /** The process ended on its own before the kill. */
  missed: boolean;
}

/** Events a kill may be aimed at (then it lands 0–60 ms after the event was logged). */
const TARGETS: Array<{ name: string; matches: (e: TrialEvent) => boolean }> = [
  { name: 'prepare', matches: (e) => e.type === 'ticket:start' },
  { name: 'implement', matches: (e) => e.type === 'step:start' && e.step === 'implement' },
  { name: 'commit', matches: (e) => e.type === 'step:start' && e.step === 'commit' },
  { name: 'built', matches: (e) => e.type === 'ticket:built' },
  { name: 'merge', matches: (e) => e.type === 'step:start' && e.step === 'merge' },
  { name: 'merged', matches: (e) => e.type === 'ticket:merged' },
];

/**
 * Wait until the process logged an event matching `matches` after the first `since` events (the
 * `nth` such, when there are that many), or exited; resolves to when (ms since the epoch) or undefined.
 */
async function eventOf(ws: KillWorkspace, runner: RunnerProcess, since: number, matches: (e: TrialEvent) => boolean, nth = 1): Promise<number | undefined> {
  let exited = false;
  void runner.exited.then(() => (exited = true));
  for (;;) {
    const found = (await ws.events()).slice(since).filter(matches);
    if (found.length >= nth || (exited && found.length > 0)) return (found[nth - 1] ?? found.at(-1))?.at;
    if (exited) return undefined;
    await sleep(5);
  }
}

const describeEvent = (e: TrialEvent | undefined): string => (e ? [e.type, e.ticket, e.step].filter(Boolean).join(' ') : 'none');

/** The run phase of one uncut run (run:start → run:end), to spread kills over. */
let runPhaseMs = 2_500;
const workspaces: KillWorkspace[] = [];
afterAll(async () => {
  for (const ws of workspaces.splice(0)) await (process.env.KEEP ? Promise.resolve(console.log(`kept ${ws.root}`)) : ws.cleanup());
});

describe(`kill -9 at random points, then resume (${TRIALS} trials, seed ${SEED})`, () => {
  test('an uncut run, to time the run phase', async () => {
    const ws = await createKillWorkspace();
    workspaces.push(ws);
    const end = await ws.start(['run', ...KILL_KEYS, '--json']).exited;
    expect(end.exitCode, end.stderr).toBe(0);
    const events = await ws.events();
    const start = events.find((e) => e.type === 'run:start')?.at ?? 0;
    const stop = events.find((e) => e.type === 'run:end')?.at ?? 0;
    runPhaseMs = Math.max(500, stop - start);
    console.log(`uncut run: run phase ${runPhaseMs} ms (timed kills land up to that long after a run:start)`);
    expect(await checkTrial(ws)).toEqual([]);
    await ws.cleanup();
    workspaces.splice(workspaces.indexOf(ws), 1);
  });

  test(`${TRIALS} trials: every ticket merged exactly once, nothing lost or left behind`, { timeout: 15 * 60_000 }, async () => {
    const landed = new Map<string, number>();
    let killedTrials = 0;
    let landedKills = 0;
    const failures: string[] = [];
    for (let trial = 1; trial <= TRIALS; trial += 1) {
      const random = prng(SEED + trial);
      const verifyTargets = trial % 7 === 0 ? ['test'] : [];
      const kills = random() < 0.4 ? 2 : 1;
      const trialStart = Date.now();
      let ws = await createKillWorkspace({ verifyTargets });
      workspaces.push(ws);
      const points: KillPoint[] = [];
      let command = ['run', ...KILL_KEYS, '--json'];
      // A trial counts only with a kill that landed: when every kill came after the end, start again (twice at most).
      for (let k = 0; k < kills; k += 1) {
        if (k === 0 && points.length > 0) {
          await ws.cleanup();
          workspaces.splice(workspaces.indexOf(ws), 1);
          ws = await createKillWorkspace({ verifyTargets });
          workspaces.push(ws);
          command = ['run', ...KILL_KEYS, '--json'];
        }
        const mode = FORCE_MODE ?? (random() < 0.35 ? 'group' : 'pid');
        // Half the kills at a random time of the run, some while planning, the others aimed at a step.
        const pick = FORCE_AIM ? 1 : random();
        const fraction = random();
        const targets = FORCE_AIM ? TARGETS.filter((t) => t.name === FORCE_AIM) : TARGETS;
        const target = targets[Math.floor(random() * targets.length)] as (typeof TARGETS)[number];
        const nth = 1 + Math.floor(random() * 3);
        const since = (await ws.events()).length;
        const runner = ws.start(command);
        const started = pick < 0.06 ? undefined : await eventOf(ws, runner, since, (e) => e.type === 'run:start');
        let aim: string;
        if (pick < 0.06) {
          aim = 'early';
          await sleep(fraction * 2_500);
        } else if (pick < 0.5) {
          aim = 'time';
          if (started !== undefined) await sleep(Math.max(0, started + fraction * 0.85 * runPhaseMs - Date.now()));
        } else {
          aim = `${nth}. ${target.name}`;
          const at = await eventOf(ws, runner, since, target.matches, nth);
          if (at !== undefined) await sleep(Math.max(0, at + fraction * 60 - Date.now()));
        }
        const pid = runner.child.pid as number;
        const missed = runner.child.exitCode !== null;
        const killedAt = Date.now();
        if (!missed) process.kill(mode === 'group' ? -pid : pid, 'SIGKILL');
        await runner.exited;
        const state = await ws.state();
        const events = await ws.events();
        const point: KillPoint = {
          command: command[0] as string,
          mode,
          aim,
          afterStart: killedAt - (started ?? events.slice(since).find((e) => e.type === 'run:start')?.at ?? killedAt + (killedAt - runner.startedAt)),
          tickets: describeTickets(state),
          lastEvent: describeEvent(events.at(-1)),
          missed,
        };
        points.push(point);
        for (const activity of activitiesOf(point)) landed.set(activity, (landed.get(activity) ?? 0) + 1);
        command = (await ws.runs()).length > 0 ? ['resume', '--json'] : ['run', ...KILL_KEYS, '--json'];
        if (k === kills - 1 && points.every((p) => p.missed) && points.length < kills * 3) k = -1; // again, on a fresh workspace
      }
      if (points.some((p) => !p.missed)) killedTrials += 1;
      landedKills += points.filter((p) => !p.missed).length;
      const final = ws.start(command);
      const end = await final.exited;
      const problems = end.exitCode === 0 ? await checkTrial(ws) : [`final ${command[0]} exited ${end.exitCode}: ${(end.stderr || end.stdout).trim().split('\n').slice(-3).join(' | ')}`, ...(await checkTrial(ws))];
      const lines = points.map(
        (p, index) =>
          `  kill ${index + 1} (${p.command}, ${p.mode}, aimed at ${p.aim}) ${p.missed ? 'MISSED: the process had finished' : `at ${p.afterStart >= 0 ? `+${p.afterStart} ms` : `${-p.afterStart} ms after it started, before run:start`}`} — ${p.tickets} — last event: ${p.lastEvent}`,
      );
      const verdict = problems.length === 0 ? 'ok' : `FAILED:\n    - ${problems.join('\n    - ')}`;
      console.log(`trial ${trial}/${TRIALS} (seed ${SEED + trial}, verify ${verifyTargets.join(',') || 'none'}, ${((Date.now() - trialStart) / 1000).toFixed(1)} s): ${verdict}\n${lines.join('\n')}`);
      if (problems.length > 0) failures.push(`trial ${trial}: ${problems.join('; ')}${process.env.KEEP ? ` (workspace ${ws.root})` : ''}`);
      else if (!process.env.KEEP) {
        await ws.cleanup();
        workspaces.splice(workspaces.indexOf(ws), 1);
      }
    }
    console.log(`${killedTrials}/${TRIALS} trials killed at least once, ${landedKills} kills landed in all`);
    console.log(`kills landed in: ${[...landed.entries()].sort((a, b) => b[1] - a[1]).map(([what, n]) => `${what} ×${n}`).join(', ')}`);
    expect(failures).toEqual([]);
  });
});

/** What was going on at a kill: `planning`, `implement`, `merge`, … (from the state right after it). */
function activitiesOf(point: KillPoint): string[] {
  if (point.missed) return ['after the end'];
  if (point.tickets.startsWith('planning')) return ['planning'];
  const steps = [...point.tickets.matchAll(/(running|merging):(\w+)/g)].map((m) => m[2] as string);
  if (steps.length > 0) return [...new Set(steps)];
  return [point.tickets.includes('running') || point.tickets.includes('merging') ? 'between steps' : 'between tickets'];
}
