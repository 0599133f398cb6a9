import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunState } from '@nx-tickets/core';
import { afterEach, describe, expect, test } from 'vitest';
import { RunStore, type RunEvent } from './run-store.js';
import { createStateSaver } from './state-saver.js';

const roots: string[] = [];
afterEach(async () => {
  for (const root of roots.splice(0)) await rm(root, { recursive: true, force: true });
});

/** A store that counts its state writes, around a real one in a temp folder. */
class CountingStore extends RunStore {
  writes = 0;
  override async writeState(state: RunState): Promise<void> {
    this.writes += 1;
    await super.writeState(state);
  }
}

async function setUp() {
  const root = await mkdtemp(join(tmpdir(), 'nx-tickets-saver-'));
  roots.push(root);
  const store = new CountingStore(root, '20261129-120000-abcd');
  const state = { version: 1, runId: store.runId, counter: 0 } as unknown as RunState & { counter: number };
  const seen: RunEvent[] = [];
  let clock = 1_000;
  const save = createStateSaver(store, state, { onEvent: (event) => seen.push(event), now: () => (clock += 1) });
  const events = async () => (await readFile(join(store.dir, 'events.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as RunEvent);
  const saved = async () => JSON.parse(await readFile(join(store.dir, 'state.json'), 'utf8')) as { counter: number };
  return { store, state, seen, save, events, saved };
}

describe('createStateSaver', () => {
  test('saves asked for during a write are written together, events in the order asked', async () => {
    const { store, state, seen, save, events, saved } = await setUp();
    const first = save({ type: 'a' });
    const rest = Array.from({ length: 50 }, (_, i) => {
      state.counter = i + 1;
      return save(i % 2 === 0 ? { type: 'b', n: i } : undefined);
    });
    await Promise.all([first, ...rest]);
    expect(store.writes).toBeLessThanOrEqual(2);
    const written = await events();
    expect(written.map((event) => event.type)).toEqual(['a', ...Array.from({ length: 25 }, () => 'b')]);
    expect(written.filter((event) => event.type === 'b').map((event) => event.n)).toEqual(Array.from({ length: 25 }, (_, i) => i * 2));
    expect(seen).toEqual(written);
    expect((await saved()).counter).toBe(50);
  });

  test('a save resolves only once the state holding its transition is on disk', async () => {
    const { state, save, saved, events } = await setUp();
    state.counter = 1;
    await save({ type: 'one' });
    expect((await saved()).counter).toBe(1);
    state.counter = 2;
    await save();
    expect((await saved()).counter).toBe(2);
    expect((await events()).map((event) => event.type)).toEqual(['one']);
  });

  test('events are stamped when the save is asked for, in rising order', async () => {
    const { save, events } = await setUp();
    await Promise.all([save({ type: 'x' }), save({ type: 'y' }), save({ type: 'z' })]);
    const stamps = (await events()).map((event) => event.at);
    expect(stamps).toEqual([...stamps].sort((a, b) => a - b));
    expect(new Set(stamps).size).toBe(3);
  });

  test('a failed write rejects the saves it held, and the next save writes again', async () => {
    const { store, state, save, saved } = await setUp();
    const failing = Object.assign(store, { writeState: async () => Promise.reject(new Error('disk full')) });
    await expect(save({ type: 'lost' })).rejects.toThrow('disk full');
    Object.assign(failing, { writeState: CountingStore.prototype.writeState });
    state.counter = 7;
    await save({ type: 'kept' });
    expect((await saved()).counter).toBe(7);
  });
});
