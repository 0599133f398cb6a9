import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { PiscinaTaskPool, type PiscinaTaskPoolOptions } from './piscina-task-pool.js';

type Task = { kind: string; [key: string]: unknown };
let folder: string;
const pools: Array<PiscinaTaskPool<Task, string, unknown>> = [];

/** Worker threads run plain JS: the real worker-channel.ts, transpiled, beside the fixture worker. */
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'nx-tickets-pool-'));
  const source = await readFile(fileURLToPath(new URL('./worker-channel.ts', import.meta.url)), 'utf8');
  const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } });
  await writeFile(join(folder, 'worker-channel.mjs'), outputText);
  await copyFile(fileURLToPath(new URL('./pool-fixture-worker.mjs', import.meta.url)), join(folder, 'worker.mjs'));
});
afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.destroy()));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

function createPool(options: Partial<PiscinaTaskPoolOptions> = {}): PiscinaTaskPool<Task, string, unknown> {
  const pool = new PiscinaTaskPool<Task, string, unknown>({ workerFile: join(folder, 'worker.mjs'), maxThreads: 4, ...options });
  pools.push(pool);
  return pool;
}

const sleepers = (pool: PiscinaTaskPool<Task, string, unknown>) => [1, 2, 3].map(() => pool.run({ kind: 'sleep', ms: 300 }));

describe('PiscinaTaskPool', () => {
  test('delivers every event in order before the result', async () => {
    const events: unknown[] = [];
    const result = await createPool().run({ kind: 'events', count: 500 }, { onEvent: (event) => events.push(event) });
    expect(result).toBe('sent 500');
    expect(events).toEqual(Array.from({ length: 500 }, (_, index) => ({ index })));
  });

  test('fails only the task whose worker exits, while three others succeed', async () => {
    const pool = createPool();
    const others = sleepers(pool);
    await expect(pool.run({ kind: 'exit', code: 3 })).rejects.toMatchObject({ code: 'NX_TICKETS_WORKER_CRASHED', message: 'worker exited with code 3' });
    expect(await Promise.all(others)).toEqual(['slept 300', 'slept 300', 'slept 300']);
    expect(await pool.run({ kind: 'sleep', ms: 1 })).toBe('slept 1');
  });

  test('fails only the task whose worker runs out of heap, with the limit in the reason', async () => {
    const pool = createPool({ resourceLimits: { maxOldGenerationSizeMb: 32 } });
    const others = sleepers(pool);
    await expect(pool.run({ kind: 'oom' })).rejects.toMatchObject({
      code: 'NX_TICKETS_WORKER_CRASHED',
      message: 'worker ran out of memory (heap limit 32 MiB)',
      hint: expect.stringContaining('heap limit'),
    });
    expect(await Promise.all(others)).toEqual(['slept 300', 'slept 300', 'slept 300']);
    expect(await pool.run({ kind: 'sleep', ms: 1 })).toBe('slept 1');
  });

  test('reports an uncaught exception in the worker as a crash', async () => {
    await expect(createPool().run({ kind: 'uncaught' })).rejects.toMatchObject({ code: 'NX_TICKETS_WORKER_CRASHED', message: 'worker crashed: boom later' });
  });

  test('reports a task that throws, keeping the code of an nx-tickets error', async () => {
    const pool = createPool();
    await expect(pool.run({ kind: 'throw' })).rejects.toMatchObject({ code: 'NX_TICKETS_WORKER_CRASHED', message: 'worker threw TypeError: bad input' });
    const events: unknown[] = [];
    await expect(pool.run({ kind: 'throwNx' }, { onEvent: (event) => events.push(event) })).rejects.toMatchObject({
      name: 'NxTicketsError',
      code: 'NX_TICKETS_COMMAND_NOT_FOUND',
      message: 'command not found: nope',
      hint: 'install nope',
      ticket: 'PROJ-9',
    });
    expect(events).toEqual(['before']);
  });

  test('lets an aborted worker stop its work before it settles', async () => {
    const controller = new AbortController();
    const events: unknown[] = [];
    const running = createPool().run({ kind: 'cooperate' }, { signal: controller.signal, onEvent: (event) => (events.push(event), controller.abort('user pressed ctrl-c')) });
    await expect(running).rejects.toMatchObject({ code: 'NX_TICKETS_ABORTED', exitCode: 130 });
    expect(events).toEqual(['started', 'stopping: user pressed ctrl-c']);
  });

  test('terminates a worker that ignores the abort after the grace period', async () => {
    const pool = createPool({ abortGraceMs: 200 });
    const controller = new AbortController();
    const running = pool.run({ kind: 'ignoreAbort' }, { signal: controller.signal, onEvent: () => controller.abort() });
    await expect(running).rejects.toMatchObject({ code: 'NX_TICKETS_ABORTED' });
    expect(await pool.run({ kind: 'sleep', ms: 1 })).toBe('slept 1');
  });

  test('drops an aborted task from the queue and rejects an already aborted one', async () => {
    const pool = createPool({ maxThreads: 1 });
    const first = pool.run({ kind: 'sleep', ms: 300 });
    const controller = new AbortController();
    const queued = pool.run({ kind: 'events', count: 1 }, { signal: controller.signal, onEvent: () => expect.fail('the queued task ran') });
    expect(pool.stats).toMatchObject({ running: 1, queued: 1 });
    controller.abort();
    await expect(queued).rejects.toMatchObject({ code: 'NX_TICKETS_ABORTED' });
    await expect(pool.run({ kind: 'sleep', ms: 1 }, { signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'NX_TICKETS_ABORTED' });
    expect(await first).toBe('slept 300');
    expect(pool.stats).toMatchObject({ running: 0, queued: 0, completed: 2 });
  });

  test('rejects a worker that does not answer through withEventPort', async () => {
    await expect(createPool().run({ kind: 'raw' })).rejects.toMatchObject({ code: 'NX_TICKETS_INVALID_WORKER' });
  });

  test('names an invalid option', () => {
    expect(() => createPool({ maxThreads: 0 })).toThrow(expect.objectContaining({ code: 'NX_TICKETS_INVALID_INPUT', message: 'pool option maxThreads must be a whole number of at least 1 (got 0)' }));
  });
});
