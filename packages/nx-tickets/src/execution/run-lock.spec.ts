import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { acquireRunLock } from './run-lock.js';

const roots: string[] = [];
afterEach(async () => {
  for (const root of roots.splice(0)) await rm(root, { recursive: true, force: true });
});

describe('acquireRunLock', () => {
  test('refuses a second run, and lets the next one in after release', async () => {
    const root = await mkdtemp(join(tmpdir(), 'nx-tickets-lock-'));
    roots.push(root);
    const release = await acquireRunLock(root);
    await expect(acquireRunLock(root)).rejects.toMatchObject({ code: 'NX_TICKETS_RUN_LOCKED' });
    await release();
    const again = await acquireRunLock(root);
    await again();
  });

  test('a lost lock is reported, not thrown from a timer, and releasing it afterwards is fine', async () => {
    const root = await mkdtemp(join(tmpdir(), 'nx-tickets-lock-'));
    roots.push(root);
    const lost: Error[] = [];
    const release = await acquireRunLock(root, { updateMs: 1_000, onCompromised: (error) => lost.push(error) });
    const lockPath = join(root, '.nx', 'tickets', 'run.lock');
    expect(existsSync(lockPath)).toBe(true);
    await rm(lockPath, { recursive: true, force: true });
    for (let waited = 0; lost.length === 0 && waited < 10_000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(lost).toHaveLength(1);
    await expect(release()).resolves.toBeUndefined();
    // The workspace can be locked again by the next run.
    const next = await acquireRunLock(root);
    await next();
  });
});
