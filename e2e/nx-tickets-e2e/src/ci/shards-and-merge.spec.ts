import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTempNxWorkspace, runGit, type TempGitRepo } from '@nx-tickets/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runNx, runNxTickets } from '../run-command.js';
import { CHANGES_PATH, IMPLEMENT_SCRIPT, IMPLEMENT_SCRIPT_PATH, type Changes } from '../run/implement-script.js';
import { ticketFile, type RunStateFile, type TicketSpec } from '../run/run-workspace.js';
import { cloneForCi, sequentialTree, type CiClone } from './ci-clones.js';

const SHARED = 'libs/alpha/src/shared.ts';

/** FC-1/FC-2 conflict (FC-2's change applies only on top of FC-1's), L-2 depends on L-1, I-1 and I-2 are independent (I-2 shares project alpha with FC-*). */
const TICKETS: TicketSpec[] = [
  { key: 'FC-1', title: 'Greet louder', files: [SHARED] },
  { key: 'FC-2', title: 'Greet the world', files: [SHARED] },
  { key: 'L-1', title: 'Add invoices', files: ['libs/beta/src/invoice.ts'] },
  { key: 'L-2', title: 'Search invoices', files: ['libs/beta/src/search.ts'], dependsOn: ['L-1'] },
  { key: 'I-1', title: 'Tune gamma', files: ['libs/gamma/src/index.ts'] },
  { key: 'I-2', title: 'Extra alpha', files: ['libs/alpha/extra/extra.ts'] },
  { key: 'M-1', title: 'Broken change', files: ['libs/gamma/broken/broken.ts'] },
];
/** Tickets whose change applies; M-1's implement step fails, so its shard pushes no branch for it. */
const GOOD = ['FC-1', 'FC-2', 'L-1', 'L-2', 'I-1', 'I-2'];

const CHANGES: Changes = {
  'FC-1': [{ file: SHARED, find: "'hello'", replace: "'HELLO'" }],
  'FC-2': [{ file: SHARED, find: "'HELLO'", replace: "'HELLO WORLD'" }],
  'L-1': [{ file: 'libs/beta/src/invoice.ts', write: 'export const invoice = 1;\n' }],
  'L-2': [{ file: 'libs/beta/src/invoice.ts', contains: 'invoice = 1' }, { file: 'libs/beta/src/search.ts', write: "import { invoice } from './invoice';\nexport const search = invoice;\n" }],
  'I-1': [{ file: 'libs/gamma/src/index.ts', find: "'gamma'", replace: "'GAMMA'" }],
  'I-2': [{ file: 'libs/alpha/extra/extra.ts', write: 'export const extra = true;\n' }],
  'M-1': [{ file: 'libs/gamma/src/index.ts', find: 'no such text', replace: 'x' }],
};

let repo: TempGitRepo;
let origin: string;
let scratch: string;
let baseStart: string;
let matrix: { include: Array<{ shard: number; total: number; tickets: string; keys: string[] }> };

beforeAll(async () => {
  repo = await createTempNxWorkspace({
    projects: [
      { name: 'alpha', root: 'libs/alpha', files: { 'src/shared.ts': "export const greeting = 'hello';\n" } },
      { name: 'beta', root: 'libs/beta' },
      { name: 'gamma', root: 'libs/gamma' },
    ],
    bareOrigin: true,
    nxJson: { plugins: [{ plugin: 'nx-tickets', options: { source: { type: 'local', dir: 'tickets' }, implement: { command: ['node', IMPLEMENT_SCRIPT_PATH], timeoutMinutes: 5 }, verify: { targets: [] }, parallel_execution: { max_threads: 2 } } }] },
    files: { [IMPLEMENT_SCRIPT_PATH]: IMPLEMENT_SCRIPT, [CHANGES_PATH]: `${JSON.stringify(CHANGES, null, 2)}\n`, ...Object.fromEntries(TICKETS.map((t) => [`tickets/${t.key}.md`, ticketFile(t)])) },
  });
  origin = repo.origin as string;
  baseStart = (await repo.git(['rev-parse', 'HEAD'])).trim();
  scratch = await mkdtemp(join(tmpdir(), 'nx-tickets-ci-'));
  const planned = await runNxTickets(repo.root, ['plan', '--all-ready', '--format', 'github-matrix', '--shards', '3']);
  expect(planned.exitCode, planned.stderr).toBe(0);
  matrix = JSON.parse(planned.stdout) as typeof matrix;
});
afterAll(async () => {
  await repo?.cleanup();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

const originGit = (args: string[]) => runGit(origin, args);
const latestState = async (clone: CiClone): Promise<RunStateFile & { ci?: unknown; warnings?: string[] }> => {
  const runs = join(clone.root, '.nx', 'tickets', 'runs');
  const id = (await readdir(runs)).sort().at(-1) as string;
  return JSON.parse(await readFile(join(runs, id, 'state.json'), 'utf8')) as RunStateFile;
};
/** Ticket keys of the commits on origin's main since the start, oldest first (one per merged ticket). */
const mergedKeys = async (): Promise<string[]> =>
  (await originGit(['log', '--reverse', '--format=%(trailers:key=Ticket,valueonly)', `${baseStart}..main`])).split('\n').map((l) => l.trim()).filter(Boolean);

describe('CI distribution: shards on separate clones, then the merge job', () => {
  test('cuts three shards, keeping the conflicting and the dependent tickets together', () => {
    expect(matrix.include.map((e) => [e.shard, e.total])).toEqual([[1, 3], [2, 3], [3, 3]]);
    const shardOf = (key: string) => matrix.include.find((e) => e.keys.includes(key))?.shard;
    expect(shardOf('FC-1')).toBe(shardOf('FC-2'));
    expect(shardOf('L-1')).toBe(shardOf('L-2'));
    expect(matrix.include.flatMap((e) => e.keys).sort()).toEqual(TICKETS.map((t) => t.key).sort());
  });

  test('runs each shard as its own process on its own clone, pushing the branches and merging nothing', async () => {
    const clones = await Promise.all(matrix.include.map((e) => cloneForCi(origin, scratch, `shard-${e.shard}`)));
    const results = await Promise.all(matrix.include.map((e, i) => (clones[i] as CiClone).nxTickets(['run', '--all-ready', '--shard', `${e.shard}/${e.total}`])));
    expect((await originGit(['rev-parse', 'main'])).trim()).toBe(baseStart);
    for (const [i, e] of matrix.include.entries()) {
      const result = results[i] as { exitCode: number; stdout: string; stderr: string };
      expect(result.exitCode, result.stdout + result.stderr).toBe(e.keys.includes('M-1') ? 1 : 0);
      const state = await latestState(clones[i] as CiClone);
      expect(state.ci).toEqual({ kind: 'shard', index: e.shard, total: e.total });
      expect(state.order).toEqual(e.keys);
      expect(Object.values(state.tickets).map((t) => t.status)).toEqual(e.keys.map((k) => (k === 'M-1' ? 'failed' : 'built')));
      for (const t of Object.values(state.tickets).filter((t) => t.status === 'built')) expect((await originGit(['rev-parse', `refs/heads/${t.branch}`])).trim()).toBe(t.head);
    }
    expect(await originGit(['branch', '--list', '*M-1*'])).toBe('');
    expect(results.every((r) => r.stdout.includes('nothing was merged'))).toBe(true);
    expect(results[0]?.stdout).toMatch(/Run \S+ \(shard 1\/3\) — finished/);
    // FC-2 was built on top of FC-1 in its shard: FC-1's head is on FC-2's branch.
    const fcShard = matrix.include.findIndex((e) => e.keys.includes('FC-1'));
    const fc = (await latestState(clones[fcShard] as CiClone)).tickets;
    expect(fc['FC-2']?.stackedOn).toEqual({ key: 'FC-1', head: fc['FC-1']?.head });
  });

  test('a merge job killed after its first landing leaves that ticket on origin', async () => {
    const killed = await cloneForCi(origin, scratch, 'merge-killed');
    const job = killed.startNxTickets(['merge', '--all-ready']);
    const events = async () => {
      const runs = join(killed.root, '.nx', 'tickets', 'runs');
      const ids = await readdir(runs).catch(() => [] as string[]);
      const id = ids.sort().at(-1);
      return id ? await readFile(join(runs, id, 'events.jsonl'), 'utf8').catch(() => '') : '';
    };
    for (let tries = 0; !(await events()).includes('"ticket:merged"'); tries += 1) {
      if (tries > 1200) throw new Error('the merge job never merged a ticket');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    job.child.kill('SIGKILL');
    await job.done;
    expect((await mergedKeys()).length).toBeGreaterThanOrEqual(1);
  });

  test('merges every pushed branch exactly once onto origin main, as applying them one after another, and reports the missing one', async () => {
    const landedBefore = await mergedKeys();
    const merger = await cloneForCi(origin, scratch, 'merge-1');
    const result = await merger.nxTickets(['merge', '--all-ready']);
    expect(result.exitCode, result.stdout + result.stderr).toBe(1);
    const state = await latestState(merger);
    expect(state.ci).toEqual({ kind: 'merge' });
    expect(Object.keys(state.tickets).some((k) => landedBefore.includes(k))).toBe(false);
    expect(Object.entries(state.tickets).filter(([, t]) => t.status === 'merged').map(([k]) => k).sort()).toEqual(GOOD.filter((k) => !landedBefore.includes(k)).sort());
    expect(state.tickets['M-1']).toMatchObject({ status: 'failed', error: { step: 'push', message: expect.stringContaining('no branch of M-1 on origin') } });
    expect(result.stdout).toContain('no branch of M-1 on origin');
    const keys = await mergedKeys();
    expect(keys.slice().sort()).toEqual(GOOD.slice().sort());
    expect(keys.indexOf('FC-1')).toBeLessThan(keys.indexOf('FC-2'));
    expect(keys.indexOf('L-1')).toBeLessThan(keys.indexOf('L-2'));
    expect(await originGit(['ls-tree', '-r', 'main'])).toBe(await sequentialTree(origin, scratch, baseStart, keys));
    expect(await originGit(['show', `main:${SHARED}`])).toBe("export const greeting = 'HELLO WORLD';\n");
    expect((await merger.git(['rev-parse', 'main'])).trim()).toBe((await originGit(['rev-parse', 'main'])).trim());
    const status = await merger.nxTickets(['status']);
    expect(status.stdout).toMatch(/^Run \S+ \(merge job\) — finished/);
    expect((await merger.nxTickets(['report'])).exitCode).toBe(0);
  });

  test('merges nothing twice when the merge job runs again', async () => {
    const before = (await originGit(['rev-parse', 'main'])).trim();
    const again = await cloneForCi(origin, scratch, 'merge-2');
    const result = await again.nxTickets(['merge']);
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain('Nothing to merge');
    const selected = await again.nxTickets(['merge', '--all-ready']);
    expect(selected.exitCode, selected.stdout + selected.stderr).toBe(1);
    expect((await latestState(again)).order).toEqual(['M-1']);
    const named = await again.nxTickets(['merge', 'FC-1', 'L-2']);
    expect(named.exitCode, named.stdout + named.stderr).toBe(0);
    expect(named.stderr).toContain('FC-1 is merged already');
    expect((await originGit(['rev-parse', 'main'])).trim()).toBe(before);
  });

  test('nx g nx-tickets:ci-workflow writes the workflow through the real nx', async () => {
    const result = await runNx(repo.root, ['g', 'nx-tickets:ci-workflow', '--shards', '2', '--epic', 'EPIC-1', '--no-interactive']);
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    const text = await readFile(join(repo.root, '.github', 'workflows', 'run-tickets.yml'), 'utf8');
    expect(text).toContain('npx nx-tickets run --epic EPIC-1 --base main --shard ${{ matrix.shard }}/${{ matrix.total }}');
    expect(text).toContain('--format github-matrix --shards 2');
  });

  test('refuses a shard outside 1..n with exit code 2 and exits 0 for a shard with no tickets', async () => {
    const bad = await runNxTickets(repo.root, ['run', '--all-ready', '--shard', '4/3']);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('--shard 4/3: the shard must be between 1 and 3.');
    const empty = await runNxTickets(repo.root, ['run', '--all-ready', '--shard', '9/9']);
    expect(empty.exitCode, empty.stderr).toBe(0);
    expect(empty.stderr).toContain('Shard 9/9 has no tickets');
  });
});
