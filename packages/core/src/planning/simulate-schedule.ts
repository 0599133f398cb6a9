import { Heap } from 'heap-js';
import type { ScheduledTicket } from './plan.js';
import type { PrecedenceGraph } from './precedence-graph.js';

/**
 * Simulate running the plan on `threads` threads (list scheduling): whenever a thread is free,
 * start the ready ticket with the longest remaining critical path (then plan order) whose named
 * resources are free. Event-driven: O(n log n + edges) plus a scan of the ready list per event.
 *
 * @param bottom longest remaining path per position (see `bottomLevels`), minutes.
 * @param capacity named resources available (`{ database: 1 }`); unnamed ones are unlimited.
 * @returns start/end per ticket (minutes) and the makespan.
 */
export function simulateSchedule(
  graph: PrecedenceGraph,
  bottom: readonly number[],
  threads: number,
  capacity: Readonly<Record<string, number>>,
): { schedule: ScheduledTicket[]; makespanMinutes: number } {
  const n = graph.keys.length;
  const waiting = graph.predecessors.map((p) => p.length);
  const ready = new Heap<number>((a, b) => (bottom[b] as number) - (bottom[a] as number) || a - b);
  const running = new Heap<{ at: number; end: number; thread: number }>((a, b) => a.end - b.end || a.at - b.at);
  const freeThreads = new Heap<number>((a, b) => a - b);
  for (let t = 0; t < Math.max(1, threads); t += 1) freeThreads.push(t);
  const inUse: Record<string, number> = {};
  const fits = (i: number) => Object.entries(graph.resources[i] ?? {}).every(([name, amount]) => capacity[name] === undefined || (inUse[name] ?? 0) + amount <= Math.max(capacity[name] as number, amount));
  const schedule: ScheduledTicket[] = new Array(n);
  for (let i = 0; i < n; i += 1) if (waiting[i] === 0) ready.push(i);
  let now = 0;
  let done = 0;
  while (done < n) {
    const blocked: number[] = [];
    while (freeThreads.size() > 0 && ready.size() > 0) {
      const i = ready.pop() as number;
      if (!fits(i)) {
        blocked.push(i);
        continue;
      }
      for (const [name, amount] of Object.entries(graph.resources[i] ?? {})) inUse[name] = (inUse[name] ?? 0) + amount;
      const thread = freeThreads.pop() as number;
      const end = now + (graph.estimates[i] as number);
      schedule[i] = { key: graph.keys[i] as string, startMinutes: now, endMinutes: end, thread };
      running.push({ at: i, end, thread });
    }
    for (const i of blocked) ready.push(i);
    const finished = running.pop();
    if (!finished) throw new Error('schedule cannot progress: a ticket needs more of a resource than is configured');
    now = finished.end;
    const batch = [finished];
    while (running.size() > 0 && (running.peek() as { end: number }).end === now) batch.push(running.pop() as { at: number; end: number; thread: number });
    for (const item of batch) {
      done += 1;
      freeThreads.push(item.thread);
      for (const [name, amount] of Object.entries(graph.resources[item.at] ?? {})) inUse[name] = (inUse[name] ?? 0) - amount;
      const successors = graph.successors[item.at] as number[];
      for (let k = 0; k < successors.length; k += 1) {
        const s = successors[k] as number;
        waiting[s] = (waiting[s] as number) - 1;
        if (waiting[s] === 0) ready.push(s);
      }
    }
  }
  return { schedule, makespanMinutes: now };
}
