import { open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { buildRunReport, type RunReport, type StepLog } from '@nx-tickets/core';
import { safeKey, type RunStore } from '../execution/run-store.js';

/** Bytes read from the end of each step log: the report shows the tail of it. */
const LOG_TAIL_BYTES = 64 * 1024;

/**
 * Read a run's files — `state.json`, `events.jsonl`, `plan.json` and the end of every step log
 * under `logs/<KEY>/` — and build the run view's data.
 *
 * @param now clock reading, ms since the epoch.
 * @throws NxTicketsError `NX_TICKETS_RUN_NOT_FOUND` when the run has no readable state.
 */
export async function readRunReport(store: RunStore, now: number): Promise<RunReport> {
  const [state, events, plan] = await Promise.all([store.readState(), store.readEvents(), store.readPlan()]);
  const logs: Record<string, StepLog[]> = {};
  await Promise.all(state.order.map(async (key) => {
    const dir = join(store.dir, 'logs', safeKey(key));
    const files = await readdir(dir).catch(() => [] as string[]);
    logs[key] = await Promise.all(files.filter((f) => f.endsWith('.log')).sort().map(async (f) => ({ step: f.slice(0, -4), text: await readTail(join(dir, f)) })));
  }));
  return buildRunReport({ state, events, ...(plan ? { plan } : {}), logs, now });
}

/** The last {@link LOG_TAIL_BYTES} of a file as text (a cut first line is dropped). */
async function readTail(path: string): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const length = Math.min(size, LOG_TAIL_BYTES);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    const text = buffer.toString('utf8');
    return size > length ? text.slice(text.indexOf('\n') + 1) : text;
  } finally {
    await handle.close();
  }
}
