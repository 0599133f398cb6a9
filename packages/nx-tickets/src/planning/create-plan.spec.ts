import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createTempNxWorkspace, writeFiles, type TempGitRepo } from '@nx-tickets/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readConfig } from '../config/read-config.js';
import { createPlan } from './create-plan.js';

process.env['NX_DAEMON'] = 'false';
process.env['NX_NO_CLOUD'] = 'true';

const ticket = (front: string, body = ''): string => `---\n${front}\n---\n${body}\n`;
const TICKETS = {
  'tickets/PROJ-1.md': ticket('key: PROJ-1\ntitle: Add avatar upload\npriority: high\nestimate: 2h\nfiles: [libs/avatar/src/index.ts, libs/avatar/src/upload.ts]\nassigne: ada'),
  'tickets/PROJ-2.md': ticket('key: PROJ-2\ntitle: Fix login redirect\nestimate: 1h\nprojects: [auth]'),
  'tickets/PROJ-3.md': ticket('key: PROJ-3\ntitle: Tidy util\nestimate: 30m'),
  'tickets/PROJ-4.md': ticket('key: PROJ-4\ntitle: Done already\nstatus: done\nfiles: [libs/util/src/index.ts]'),
};
let workspace: TempGitRepo;

async function withTickets(files: Record<string, string>): Promise<void> {
  await rm(join(workspace.root, 'tickets'), { recursive: true, force: true });
  await writeFiles(workspace.root, files);
}

/** The error planning `keys` fails with: code, exit code, message and hint. */
async function planError(keys: string[]): Promise<{ code: string; exitCode: number; message: string; hint: string }> {
  const error = await createPlan({ root: workspace.root, selection: { keys }, today: '2025-03-10' }).then(
    () => expect.unreachable('createPlan resolved'),
    (e: Error & { code: string; exitCode: number; hint: string }) => e,
  );
  return { code: error.code, exitCode: error.exitCode, message: error.message, hint: error.hint };
}

beforeAll(async () => {
  workspace = await createTempNxWorkspace({
    projects: [
      { name: 'web', root: 'apps/web', dependsOn: ['auth', 'avatar'] },
      { name: 'auth', root: 'libs/auth' },
      { name: 'avatar', root: 'libs/avatar', dependsOn: ['util'] },
      { name: 'util', root: 'libs/util', implicitDependencies: [] },
    ],
    files: { '.github/CODEOWNERS': '* @org/core\n/libs/avatar/ @org/media\n', 'nx-tickets.json': JSON.stringify({ parallel_execution: { max_threads: 2 }, unknownKey: 1 }) },
  });
  await workspace.branch('feature/PROJ-3-tidy', { 'libs/util/src/tidy.ts': 'export {};\n' });
}, 60_000);

afterAll(async () => {
  await workspace?.cleanup();
});

describe('createPlan', () => {
  test('plans selected tickets against the real workspace: files, projects, owners, branch diffs', async () => {
    await withTickets(TICKETS);
    const { plan, config, warnings } = await createPlan({ root: workspace.root, selection: { keys: ['PROJ-1', 'PROJ-2', 'PROJ-3'] }, today: '2025-03-10' });
    expect(config.parallel_execution.max_threads).toBe(2);
    expect(warnings.map((w) => `${w.where}${w.field ? ` ${w.field}` : ''}: ${w.message}`)).toEqual([
      'nx-tickets.json unknownKey: unknown key (ignored)',
      'tickets/PROJ-1.md assigne: unknown field (ignored)',
    ]);
    const byKey = Object.fromEntries(plan.tickets.map((t) => [t.key, t]));
    expect(byKey['PROJ-1']).toMatchObject({ files: ['libs/avatar/src/index.ts'], predictedPaths: ['libs/avatar/src/upload.ts'], projects: ['avatar'], affectedProjects: ['avatar', 'web'], owners: ['@org/media'], footprint: 'known' });
    expect(byKey['PROJ-2']).toMatchObject({ projects: ['auth'], affectedProjects: ['auth', 'web'], estimateMinutes: 60 });
    expect(byKey['PROJ-3']).toMatchObject({ branch: 'feature/PROJ-3-tidy', files: ['libs/util/src/tidy.ts'], projects: ['util'], owners: ['@org/core'] });
    expect(plan.base).toBe('main');
    expect(plan.warnings).toEqual(expect.arrayContaining(['nx-tickets.json unknownKey: unknown key (ignored)', 'tickets/PROJ-1.md: field assigne: unknown field (ignored)']));
  });

  test('plans as CI runners do without the ticket branches other shards pushed to a remote', async () => {
    await rm(join(workspace.root, 'tickets'), { recursive: true, force: true });
    const sha = await workspace.branch('tmp-PROJ-2', { 'libs/auth/src/redirect.ts': 'export {};\n' });
    await workspace.git(['update-ref', 'refs/remotes/origin/bug/PROJ-2-fix-login-redirect', sha]);
    await workspace.git(['branch', '-D', 'tmp-PROJ-2']);
    await withTickets(TICKETS);
    try {
      const everything = await createPlan({ root: workspace.root, selection: { keys: ['PROJ-2', 'PROJ-3'] }, today: '2025-03-10' });
      expect(everything.plan.tickets.find((t) => t.key === 'PROJ-2')?.branch).toBe('origin/bug/PROJ-2-fix-login-redirect');
      const sharded = await createPlan({ root: workspace.root, selection: { keys: ['PROJ-2', 'PROJ-3'] }, today: '2025-03-10', sharded: true });
      expect(sharded.plan.tickets.find((t) => t.key === 'PROJ-2')?.branch).toBeUndefined();
      expect(sharded.plan.tickets.find((t) => t.key === 'PROJ-3')?.branch).toBe('feature/PROJ-3-tidy');
    } finally {
      await workspace.git(['update-ref', '-d', 'refs/remotes/origin/bug/PROJ-2-fix-login-redirect']);
    }
  });

  test('lets CLI overrides win and uses a project graph handed over by Nx', async () => {
    await withTickets(TICKETS);
    const projectGraph = {
      nodes: { avatar: { name: 'avatar', type: 'lib', data: { root: 'libs/avatar' } }, auth: { name: 'auth', type: 'lib', data: { root: 'libs/auth' } } },
      dependencies: { avatar: [], auth: [{ source: 'auth', target: 'avatar', type: 'static' }] },
    };
    const { plan } = await createPlan({
      root: workspace.root,
      selection: { keys: ['PROJ-1', 'PROJ-2'] },
      overrides: { base: 'main', maxThreads: 1 },
      projectGraph: projectGraph as never,
      today: '2025-03-10',
    });
    expect(plan.tickets.find((t) => t.key === 'PROJ-1')?.affectedProjects).toEqual(['auth', 'avatar']);
    expect(plan.estimate.parallelMinutes).toBe(plan.estimate.sequentialMinutes);
  });

  test('takes a title with newlines and terminal escapes as one printable line', async () => {
    await withTickets({ 'tickets/PROJ-5.md': ticket('key: PROJ-5\ntitle: "Fix\\nlogin -- --help \\u001b[31mred\\u202e"\nfiles: [libs/auth/src/index.ts]') });
    const { plan, tickets } = await createPlan({ root: workspace.root, selection: { keys: ['PROJ-5'] } });
    expect(tickets[0]?.title).toBe('Fix login -- --help [31mred');
    expect(plan.tickets[0]?.title).toBe('Fix login -- --help [31mred');
  });

  test('throws one ValidationError listing every problem of the selected tickets and the selection', async () => {
    await withTickets({ ...TICKETS, 'tickets/PROJ-5.md': ticket('key: PROJ-5\ntitle: Bad\nfiles: [../outside]\ndependsOn: [PROJ-99]'), 'tickets/bad.md': '---\nkey: [\n---\n' });
    await expect(createPlan({ root: workspace.root, selection: { keys: ['PROJ-5', 'bad', 'PROJ-404'] }, today: '2025-03-10' })).rejects.toMatchObject({
      code: 'NX_TICKETS_INVALID_INPUT',
      exitCode: 2,
      message: expect.stringMatching(/tickets\/PROJ-5\.md: field files\[0\]: "\.\.\/outside" leaves the workspace[\s\S]*tickets\/bad\.md: malformed front matter[\s\S]*unknown ticket PROJ-404/),
    });
  });

  test('plans tickets that do not involve an invalid ticket file, with a warning naming the file and why', async () => {
    await withTickets({ ...TICKETS, 'tickets/PROJ-5.md': ticket('key: PROJ-5\ntitle: Bad\nfiles: [../outside]'), 'tickets/bad.md': '---\nkey: [\n---\n' });
    const { plan } = await createPlan({ root: workspace.root, selection: { keys: ['PROJ-1'] }, today: '2025-03-10' });
    expect(plan.order).toEqual(['PROJ-1']);
    expect(plan.warnings).toEqual(expect.arrayContaining([
      'tickets/PROJ-5.md: field files[0]: "../outside" leaves the workspace (`..`); paths must stay inside the workspace (skipped: the selection does not involve PROJ-5)',
      expect.stringMatching(/^tickets\/bad\.md: malformed front matter: .* \(skipped: the selection does not involve bad\)$/),
    ]));
  });

  test('plans --epic and --all-ready past an invalid ticket file that is known to be outside them, and stops at one that may belong', async () => {
    const epicTickets = {
      ...TICKETS,
      'tickets/PROJ-1.md': ticket('key: PROJ-1\ntitle: Add avatar upload\nepic: EPIC-1\nfiles: [libs/avatar/src/index.ts]'),
      // Invalid (a path leaving the workspace), but its epic and status can be read.
      'tickets/PROJ-5.md': ticket('key: PROJ-5\ntitle: Old work\nepic: EPIC-2\nstatus: done\nfiles: [../outside]'),
    };
    await withTickets(epicTickets);
    const byEpic = await createPlan({ root: workspace.root, selection: { keys: [], epic: 'EPIC-1' }, today: '2025-03-10' });
    expect(byEpic.plan.order).toEqual(['PROJ-1']);
    expect(byEpic.plan.warnings).toEqual(expect.arrayContaining([expect.stringMatching(/^tickets\/PROJ-5\.md: field files\[0\]: .*\(skipped: the selection does not involve PROJ-5\)$/)]));
    const allReady = await createPlan({ root: workspace.root, selection: { keys: [], allReady: true }, today: '2025-03-10' });
    expect(allReady.plan.order).toContain('PROJ-1');
    // In the selected epic, or its status unreadable under --all-ready: it may belong, so it stops the plan.
    await withTickets({ ...epicTickets, 'tickets/PROJ-5.md': ticket('key: PROJ-5\ntitle: Old work\nepic: EPIC-1\nfiles: [../outside]') });
    await expect(createPlan({ root: workspace.root, selection: { keys: [], epic: 'EPIC-1' }, today: '2025-03-10' })).rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining('tickets/PROJ-5.md: field files[0]') });
    await withTickets({ ...epicTickets, 'tickets/PROJ-5.md': ticket('key: PROJ-5\ntitle: Old work\nstatus: [done]\nfiles: [../outside]') });
    await expect(createPlan({ root: workspace.root, selection: { keys: [], allReady: true }, today: '2025-03-10' })).rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining('tickets/PROJ-5.md') });
  });

  test('reports selection errors such as unknown and done tickets by name', async () => {
    await withTickets(TICKETS);
    const error = await createPlan({ root: workspace.root, selection: { keys: ['PROJ-4', 'PROJ-404'] }, today: '2025-03-10' }).then(
      () => expect.unreachable('createPlan resolved'),
      (e: Error & { code: string }) => e,
    );
    expect(error).toMatchObject({ code: 'NX_TICKETS_INVALID_INPUT' });
    expect(error.message).toContain('PROJ-404');
    expect(error.message).toContain('PROJ-4');
  });

  test('rejects a ticket naming a project the graph does not know', async () => {
    await withTickets({ ...TICKETS, 'tickets/PROJ-6.md': ticket('key: PROJ-6\ntitle: Typo\nprojects: [avatr]') });
    await expect(createPlan({ root: workspace.root, selection: { keys: ['PROJ-6'] }, today: '2025-03-10' })).rejects.toMatchObject({
      code: 'NX_TICKETS_INVALID_INPUT',
      message: expect.stringContaining('tickets/PROJ-6.md: field projects: PROJ-6 names unknown Nx project "avatr"'),
    });
  });

  test('reports an unknown project and an unknown dependsOn of one ticket file in one error', async () => {
    await withTickets({ ...TICKETS, 'tickets/PROJ-6.md': ticket('key: PROJ-6\ntitle: Typo\nprojects: [avatr]\ndependsOn: [PROJ-99]') });
    expect(await planError(['PROJ-6'])).toMatchInlineSnapshot(`
      {
        "code": "NX_TICKETS_INVALID_INPUT",
        "exitCode": 2,
        "hint": "Fix the tickets listed above and run the command again: the ticket file format is in the nx-tickets README; project names are those \`nx show projects\` lists.",
        "message": "Found 2 problem(s) in the tickets:
        - tickets/PROJ-6.md: field dependsOn: unknown ticket PROJ-99
        - tickets/PROJ-6.md: field projects: PROJ-6 names unknown Nx project "avatr" (projects: auth, avatar, util, web)",
      }
    `);
  });

  test('reports every problem of every selected ticket at once: invalid fields, links, projects, cycles, unknown keys', async () => {
    await withTickets({
      ...TICKETS,
      'tickets/PROJ-6.md': ticket('key: PROJ-6\ntitle: Bad estimate\nestimate: soon\nprojects: [avatr]\ndependsOn: [PROJ-99]'),
      'tickets/PROJ-7.md': ticket('key: PROJ-7\ntitle: Cycle one\nprojects: [nope]\ndependsOn: [PROJ-8]'),
      'tickets/PROJ-8.md': ticket('key: PROJ-8\ntitle: Cycle two\ndependsOn: [PROJ-7]'),
    });
    expect(await planError(['PROJ-6', 'PROJ-7', 'PROJ-404'])).toMatchInlineSnapshot(`
      {
        "code": "NX_TICKETS_INVALID_INPUT",
        "exitCode": 2,
        "hint": "Fix the tickets listed above and run the command again: the ticket file format is in the nx-tickets README; project names are those \`nx show projects\` lists.",
        "message": "Found 6 problem(s) in the tickets:
        - tickets/PROJ-6.md: field estimate: expected an estimate like 90m, 2h, 1h30m or 1d
        - tickets/PROJ-6.md: field dependsOn: unknown ticket PROJ-99
        - tickets/PROJ-6.md: field projects: PROJ-6 names unknown Nx project "avatr" (projects: auth, avatar, util, web)
        - PROJ-404: unknown ticket PROJ-404
        - PROJ-7: field dependsOn: dependency cycle: PROJ-7 → PROJ-8 → PROJ-7
        - tickets/PROJ-7.md: field projects: PROJ-7 names unknown Nx project "nope" (projects: auth, avatar, util, web)",
      }
    `);
  });

  test('refuses a ticket source it does not know, naming the ones it does', async () => {
    const root = workspace.root;
    await writeFiles(root, { 'nx-tickets.json': JSON.stringify({ source: { type: 'trello', board: 'x' } }) });
    try {
      await expect(createPlan({ root, selection: { keys: ['PROJ-1'] } })).rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining('source.type: expected type "local", "jira" or "github"') });
    } finally {
      await writeFiles(root, { 'nx-tickets.json': JSON.stringify({ parallel_execution: { max_threads: 2 }, unknownKey: 1 }) });
    }
  });

  test('plans with the config it is given and does not read the config files again', async () => {
    await withTickets(TICKETS);
    const root = workspace.root;
    const read = await readConfig(root);
    await writeFiles(root, { 'nx-tickets.json': '{ not json' });
    try {
      const { plan, config, warnings } = await createPlan({ root, selection: { keys: ['PROJ-2'] }, today: '2025-03-10', config: read });
      expect(config).toBe(read.config);
      expect(plan.order).toEqual(['PROJ-2']);
      expect(warnings.map((w) => w.where)).toContain('nx-tickets.json unknownKey');
    } finally {
      await writeFiles(root, { 'nx-tickets.json': JSON.stringify({ parallel_execution: { max_threads: 2 }, unknownKey: 1 }) });
    }
  });

  test('warns when an implement command runs a file the base branch does not hold', async () => {
    const root = workspace.root;
    await withTickets({ ...TICKETS, 'tickets/PROJ-5.md': ticket('key: PROJ-5\ntitle: Own command\nfiles: [libs/util/src/own.ts]\ncommand: [node, tools/own.mjs, --flag, libs/util/src/index.ts]') });
    await writeFiles(root, {
      'nx-tickets.json': JSON.stringify({ implement: { command: ['node', 'tools/implement.mjs', '--dry', '/abs/path.mjs', 'no-such-file.mjs'] } }),
      'tools/implement.mjs': 'console.log(1);\n',
      'tools/own.mjs': 'console.log(2);\n',
    });
    try {
      const { warnings } = await createPlan({ root, selection: { keys: ['PROJ-2', 'PROJ-5'] }, today: '2025-03-10' });
      const about = warnings.filter((w) => w.message.includes('does not hold'));
      expect(about).toEqual([
        { where: 'nx-tickets options', field: 'implement.command', message: "the command runs tools/implement.mjs, which main does not hold: each ticket's worktree is a checkout of main, so the command will not find it there; commit it to main first" },
        { where: 'PROJ-5', field: 'command', ticket: 'PROJ-5', message: "the command runs tools/own.mjs, which main does not hold: each ticket's worktree is a checkout of main, so the command will not find it there; commit it to main first" },
      ]);
      // Once committed, nothing to say.
      await workspace.commit('add the implement scripts');
      const again = await createPlan({ root, selection: { keys: ['PROJ-2', 'PROJ-5'] }, today: '2025-03-10' });
      expect(again.warnings.filter((w) => w.message.includes('does not hold'))).toEqual([]);
    } finally {
      await writeFiles(root, { 'nx-tickets.json': JSON.stringify({ parallel_execution: { max_threads: 2 }, unknownKey: 1 }) });
    }
  });
});
