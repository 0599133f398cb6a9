// Workspaces of the run benchmark: a small real Nx workspace (the e2e helper's layout: npm
// workspaces, one package.json per project, node_modules linked to this repository's), with the
// nx-tickets plugin configured and the tickets of one scenario committed. `copyWorkspace` makes
// fresh copies of it, so nx-tickets and the shell baseline start from the very same repository.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTempNxWorkspace, prng } from '@nx-tickets/testing';

const PROJECTS = ['p0', 'p1', 'p2', 'p3'];

const ticketFile = (fields) => `---\n${Object.entries(fields).map(([name, value]) => `${name}: ${JSON.stringify(value)}`).join('\n')}\n---\nA benchmark ticket.\n`;

/** The no-op implement command of scenario (a): writes one new file named after the ticket. */
const WRITE_ONE = `import { writeFileSync } from 'node:fs';
const key = process.env.TICKET_KEY;
const n = Number(key.split('-')[1]);
writeFileSync('libs/p' + (n % ${PROJECTS.length}) + '/src/noop-' + n + '.ts', 'export const noop' + n + ' = ' + n + ';\\n');
`;

/**
 * Scenario (a): 20 tickets N-1…N-20, each adding one new file (no overlaps that order starts), the
 * implement command `node tools/write-one.mjs`, nothing verified, `max_threads` 4.
 */
export async function createNoopWorkspace(count = 20) {
  const keys = Array.from({ length: count }, (_, i) => `N-${i + 1}`);
  const files = { 'tools/write-one.mjs': WRITE_ONE };
  for (const [i, key] of keys.entries()) {
    const n = i + 1;
    files[`tickets/${key}.md`] = ticketFile({ key, title: `No-op ${n}`, type: 'chore', status: 'ready', estimate: '1h', files: [`libs/p${n % PROJECTS.length}/src/noop-${n}.ts`] });
  }
  const repo = await create(files, { implement: { command: ['node', 'tools/write-one.mjs'] } });
  return { root: repo.root, keys, cleanup: repo.cleanup };
}

/**
 * The implement command of a sleep ticket (scenario b), as `node -e SCRIPT key ms file shared log`:
 * sleeps `ms`, writes the ticket's own file, appends a line to its shared file (when it has one) and
 * appends `{ key, start, end }` (ms since the epoch, sub-millisecond) of the sleep to `log`.
 */
const SLEEP_SCRIPT = [
  "const fs = require('node:fs');",
  'const [key, ms, file, shared, log] = process.argv.slice(1);',
  'const now = () => performance.timeOrigin + performance.now();',
  'const start = now();',
  'setTimeout(() => {',
  '  const end = now();',
  "  fs.writeFileSync(file, 'export const done = ' + JSON.stringify(key) + ';\\n');",
  "  if (shared !== '-') fs.appendFileSync(shared, '// ' + key + '\\n');",
  "  fs.appendFileSync(log, JSON.stringify({ key, start, end }) + '\\n');",
  '}, Number(ms));',
].join(' ');

/**
 * Scenario (b): `count` sleep tickets S-1…S-n with estimates of 30–120 minutes (seeded), each
 * sleeping its estimate scaled down (1 minute → `msPerMinute` ms) in a per-ticket `command`; some
 * depend on an earlier ticket (`dependsOn`), some edit one of a few shared files (file conflicts,
 * so the planner orders them). Sleeps are logged to `sleepLog` (outside the repository).
 */
export async function createSleepWorkspace({ count = 30, seed = 7, msPerMinute = 10, sleepLog, layout = 'spread' }) {
  const random = prng(seed);
  const keys = Array.from({ length: count }, (_, i) => `S-${i + 1}`);
  // `spread`: each ticket's own file in a project of its own (t1…tn), the shared files in four shared
  // libraries (s0…s3) — tickets relate only through what they really share. `dense`: everything in
  // the four projects p0…p3, so most pairs of tickets also share a project.
  const projects = layout === 'dense' ? PROJECTS : [...keys.map((_, i) => `t${i + 1}`), 's0', 's1', 's2', 's3'];
  const ownProject = (i) => (layout === 'dense' ? `p${i % PROJECTS.length}` : `t${i + 1}`);
  const sharedFiles = (layout === 'dense' ? ['p0', 'p1', 'p2', 'p3'] : ['s0', 's1', 's2', 's3']).map((project, i) => `libs/${project}/src/shared-${'abcd'[i]}.ts`);
  const files = Object.fromEntries(sharedFiles.map((path) => [path, '// shared\n']));
  const tickets = [];
  for (const [i, key] of keys.entries()) {
    const estimate = [30, 45, 60, 75, 90, 105, 120][Math.floor(random() * 7)];
    const own = `libs/${ownProject(i)}/src/sleep-${i + 1}.ts`;
    const shared = random() < 0.3 ? sharedFiles[Math.floor(random() * sharedFiles.length)] : undefined;
    const dependsOn = i >= 2 && random() < 0.25 ? [keys[i - 1 - Math.floor(random() * Math.min(i, 4))]] : [];
    const command = ['node', '-e', SLEEP_SCRIPT, key, String(estimate * msPerMinute), own, shared ?? '-', sleepLog];
    tickets.push({ key, estimate, shared, dependsOn });
    files[`tickets/${key}.md`] = ticketFile({
      key,
      title: `Sleep ${estimate} minutes`,
      type: 'chore',
      status: 'ready',
      estimate: `${estimate}m`,
      files: shared ? [own, shared] : [own],
      ...(dependsOn.length ? { dependsOn } : {}),
      command,
    });
  }
  const repo = await create(files, {}, projects);
  return { root: repo.root, keys, tickets, cleanup: repo.cleanup };
}

async function create(files, options, projects = PROJECTS) {
  const repo = await createTempNxWorkspace({
    projects: projects.map((name) => ({ name, root: `libs/${name}` })),
    nxJson: {
      plugins: [{ plugin: 'nx-tickets', options: { source: { type: 'local', dir: 'tickets' }, verify: { targets: [] }, parallel_execution: { max_threads: 4 }, ...options } }],
    },
    files,
  });
  return repo;
}

/** A fresh copy of the workspace at `root` (its git history, working tree and node_modules link). */
export function copyWorkspace(root) {
  const base = realpathSync(mkdtempSync(join(tmpdir(), 'nx-tickets-bench-')));
  const copy = join(base, 'repo');
  execFileSync('cp', ['-a', root, copy]);
  return { root: copy, base, cleanup: () => rmSync(base, { recursive: true, force: true }) };
}
