import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { RunStore } from './run-store.js';

const roots: string[] = [];
afterEach(async () => {
  for (const root of roots.splice(0)) await rm(root, { recursive: true, force: true });
});

async function storeWithState(text: string): Promise<RunStore> {
  const root = await mkdtemp(join(tmpdir(), 'nx-tickets-store-'));
  roots.push(root);
  const store = new RunStore(root, '20261129-120000-abcd');
  await mkdir(store.dir, { recursive: true });
  await writeFile(join(store.dir, 'state.json'), text);
  return store;
}

describe('RunStore.readState', () => {
  test('refuses a state of another version with a sentence, not a crash later', async () => {
    const store = await storeWithState('{"version":99}');
    await expect(store.readState()).rejects.toMatchObject({
      code: 'NX_TICKETS_RUN_NOT_FOUND',
      message: 'Run 20261129-120000-abcd was written by another version of nx-tickets (state version 99).',
      hint: expect.stringContaining('remove .nx/tickets/runs/20261129-120000-abcd'),
    });
  });

  test('refuses a state that is not JSON, and says how to get rid of it', async () => {
    const store = await storeWithState('{"version":1, "runId": ');
    await expect(store.readState()).rejects.toMatchObject({ code: 'NX_TICKETS_RUN_NOT_FOUND', hint: 'Remove .nx/tickets/runs/20261129-120000-abcd to forget that run, or start a new one with `nx-tickets run KEY…`.' });
  });
});
