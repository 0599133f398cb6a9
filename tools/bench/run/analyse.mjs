// Reading a finished run back for the benchmark: its state and events, where its time went, and
// the lower bound of scenario (b).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The latest run of the workspace at `root`: `{ state, events }`. */
export function readRun(root) {
  const runs = join(root, '.nx', 'tickets', 'runs');
  const id = readdirSync(runs).sort().at(-1);
  const state = JSON.parse(readFileSync(join(runs, id, 'state.json'), 'utf8'));
  const events = readFileSync(join(runs, id, 'events.jsonl'), 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));
  return { state, events };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? 0 : sorted[Math.floor((sorted.length - 1) / 2)];
};
const sum = (values) => values.reduce((a, b) => a + b, 0);

/**
 * Where a run's time went, from its events (ms): the run phase (run:start → run:end), the time to
 * the first implement (pool start-up), and per ticket the medians of prepare (ticket:start → prepare
 * done), dispatch to the worker (prepare done → implement starts), implement, commit, wait for the
 * train (built → merge starts) and merge; the train's total busy time.
 */
export function profileRun(events) {
  const at = (type, ticket, step) => events.find((e) => e.type === type && e.ticket === ticket && (step === undefined || e.step === step))?.at;
  const start = events.find((e) => e.type === 'run:start')?.at ?? 0;
  const end = events.find((e) => e.type === 'run:end')?.at ?? 0;
  const keys = [...new Set(events.filter((e) => e.type === 'ticket:start').map((e) => e.ticket))];
  const spans = { prepare: [], dispatch: [], implement: [], verify: [], commit: [], 'wait for train': [], merge: [] };
  for (const key of keys) {
    const started = at('ticket:start', key);
    const prepared = at('step:end', key, 'prepare');
    const implementStart = at('step:start', key, 'implement');
    const implementEnd = at('step:end', key, 'implement');
    const verifyStart = at('step:start', key, 'verify');
    const verifyEnd = at('step:end', key, 'verify');
    const commitStart = at('step:start', key, 'commit');
    const built = at('ticket:built', key);
    const mergeStart = at('step:start', key, 'merge');
    const merged = at('ticket:merged', key);
    const push = (name, from, to) => from !== undefined && to !== undefined && spans[name].push(to - from);
    push('prepare', started, prepared);
    push('dispatch', prepared, implementStart);
    push('implement', implementStart, implementEnd);
    push('verify', verifyStart, verifyEnd);
    push('commit', commitStart, built);
    push('wait for train', built, mergeStart);
    push('merge', mergeStart, merged);
  }
  const firstImplement = Math.min(...events.filter((e) => e.type === 'step:start' && e.step === 'implement').map((e) => e.at));
  // A ticket holds a thread slot from ticket:start to ticket:built (the merge runs on the main thread).
  const slotMs = sum(keys.map((key) => (at('ticket:built', key) ?? end) - (at('ticket:start', key) ?? end)));
  return {
    slotMs,
    slotUtilisation: (threads) => slotMs / (threads * (end - start)),
    runPhaseMs: end - start,
    toFirstImplementMs: firstImplement - start,
    medians: Object.fromEntries(Object.entries(spans).map(([name, values]) => [name, median(values)])),
    trainBusyMs: sum(spans.merge),
  };
}

/** `prepare 120 ms · dispatch 15 ms · …` */
export const formatProfile = (profile) =>
  Object.entries(profile.medians)
    .filter(([, ms]) => ms > 0)
    .map(([name, ms]) => `${name} ${Math.round(ms)} ms`)
    .join(' · ');

/**
 * Scenario (b)'s lower bound from the sleeps that actually ran (`log`: `{ key, start, end }` lines,
 * the last per key) and the run's ordering: a conflict relation makes `after` wait for `before`, a
 * dependsOn link makes the ticket wait for its dependency. Returns the work per ticket, the
 * critical path (longest chain of sleeps), total work ÷ threads, and their maximum.
 */
export function lowerBound(state, log, threads) {
  const work = new Map();
  for (const line of readFileSync(log, 'utf8').split('\n').filter(Boolean)) {
    const { key, start, end } = JSON.parse(line);
    work.set(key, end - start);
  }
  const before = new Map(state.order.map((key) => [key, []]));
  for (const r of state.relations) if (r.conflict && r.kind !== 'link') before.get(r.after).push(r.before);
  for (const [key, deps] of Object.entries(state.dependsOn)) for (const d of deps) before.get(key).push(d);
  const finish = new Map();
  const path = new Map();
  const finishOf = (key) => {
    if (finish.has(key)) return finish.get(key);
    let best = 0;
    let via;
    for (const b of before.get(key) ?? []) {
      const f = finishOf(b);
      if (f > best) [best, via] = [f, b];
    }
    finish.set(key, best + (work.get(key) ?? 0));
    path.set(key, via);
    return finish.get(key);
  };
  let criticalPathMs = 0;
  let last;
  for (const key of state.order) {
    if (finishOf(key) > criticalPathMs) [criticalPathMs, last] = [finishOf(key), key];
  }
  const chain = [];
  for (let key = last; key !== undefined; key = path.get(key)) chain.unshift(key);
  const totalWorkMs = sum([...work.values()]);
  const perThreadMs = totalWorkMs / threads;
  return { work, criticalPathMs, chain, totalWorkMs, perThreadMs, lowerBoundMs: Math.max(criticalPathMs, perThreadMs) };
}
