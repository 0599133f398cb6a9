import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatProblem, type Problem } from '@nx-tickets/core';
import { writeFiles } from '@nx-tickets/testing';
import { afterEach, describe, expect, test } from 'vitest';
import { LocalTicketSource } from './local-ticket-source.js';

const roots: string[] = [];
async function fetchFrom(files: Record<string, string>, options: { dir?: string; minutesPerDay?: number } = {}) {
  const root = await mkdtemp(join(tmpdir(), 'nx-tickets-local-'));
  roots.push(root);
  await writeFiles(root, files);
  return new LocalTicketSource({ root, ...options, sprints: [{ name: 'Sprint 15', start: '2025-03-03', end: '2025-03-14' }] }).fetchTickets({ keys: [] });
}
const lines = (problems: Problem[]): string[] => problems.map(formatProblem);
const ticket = (front: string, body = 'Body.'): string => `---\n${front}\n---\n${body}\n`;

afterEach(async () => {
  await Promise.all(roots.splice(0).map((root) => rm(root, { recursive: true, force: true })));
});

describe('LocalTicketSource', () => {
  test('reads every field of a ticket file and its body', async () => {
    const batch = await fetchFrom({
      'tickets/PROJ-123.md': ticket(
        [
          'key: PROJ-123',
          'title: Add user avatar upload',
          'type: Feature',
          'status: in-progress',
          'priority: high',
          'points: 3',
          'estimate: 1h30m',
          'epic: EPIC-10',
          'sprint: Sprint 15',
          'dependsOn: [PROJ-120]',
          "files: [apps/web/src/UserProfile.tsx, './libs/avatar/**']",
          'projects: [avatar]',
          'resources: { database: 1 }',
          'command: [node, tools/implement.mjs, --fast]',
          'assignee: ada',
        ].join('\n'),
        'Upload to `libs/avatar/src/avatar-service.ts`.',
      ),
      'tickets/PROJ-120.md': ticket('key: PROJ-120\nstatus: done', '# Prepare storage\n'),
      'tickets/EPIC-10.md': ticket('key: EPIC-10\ntitle: Avatars\ntype: epic'),
      'tickets/README.md': 'How to write tickets.',
    });
    expect(batch.errors).toEqual([]);
    expect(batch.warnings).toEqual([]);
    expect(batch.sprints).toEqual([{ name: 'Sprint 15', start: '2025-03-03', end: '2025-03-14' }]);
    expect(batch.tickets.map((t) => t.key)).toEqual(['EPIC-10', 'PROJ-120', 'PROJ-123']);
    expect(batch.tickets[1]).toMatchObject({ title: 'Prepare storage', type: 'task', status: 'done', priority: 'medium', origin: 'tickets/PROJ-120.md' });
    expect(batch.tickets[2]).toEqual({
      key: 'PROJ-123',
      title: 'Add user avatar upload',
      type: 'feature',
      status: 'in-progress',
      priority: 'high',
      points: 3,
      estimateMinutes: 90,
      epic: 'EPIC-10',
      sprint: 'Sprint 15',
      dependsOn: ['PROJ-120'],
      files: ['apps/web/src/UserProfile.tsx', 'libs/avatar/**'],
      projects: ['avatar'],
      resources: { database: 1 },
      command: ['node', 'tools/implement.mjs', '--fast'],
      assignee: 'ada',
      description: 'Upload to `libs/avatar/src/avatar-service.ts`.',
      origin: 'tickets/PROJ-123.md',
      source: 'local',
    });
  });

  test('reads nested folders, a configured folder, single values and days with the configured working day', async () => {
    const batch = await fetchFrom(
      { 'work/items/web/#42.md': ticket("key: '#42'\ntitle: Fix\nestimate: 1d\ndependsOn: '#41'\nfiles: docs/x.md"), 'work/items/#41.md': ticket("key: '#41'\ntitle: Prep") },
      { dir: 'work/items', minutesPerDay: 360 },
    );
    expect(batch.errors).toEqual([]);
    expect(batch.tickets.find((t) => t.key === '#42')).toMatchObject({ estimateMinutes: 360, dependsOn: ['#41'], files: ['docs/x.md'], origin: 'work/items/web/#42.md' });
  });

  test('lists every problem of every file with the file and the field', async () => {
    const batch = await fetchFrom({
      'tickets/a-no-front-matter.md': '# Just text\n',
      'tickets/b-malformed.md': '---\nkey: PROJ-2\ntitle: [unclosed\n---\n',
      'tickets/c-list.md': '---\n- PROJ-3\n---\n',
      'tickets/d-missing-key.md': ticket('title: No key'),
      'tickets/e-bad-key.md': ticket('key: proj-5\ntitle: Lower case'),
      'tickets/f-bad-fields.md': ticket(
        'key: PROJ-6\ntitle: Bad fields\nstatus: todo\npriority: urgent\npoints: -1\nestimate: soon\nepic: epic 1\ndependsOn: [PROJ-6, PROJ-99, nope]\nresources: { database: 0 }\ncommand: npm test',
      ),
      'tickets/g-duplicate.md': ticket('key: PROJ-7\ntitle: First'),
      'tickets/h-duplicate.md': ticket('key: PROJ-7\ntitle: Second'),
      'tickets/i-no-title.md': ticket('key: PROJ-9', 'no heading'),
      'tickets/j-duplicate-yaml-key.md': ticket('key: PROJ-10\ntitle: A\ntitle: B'),
      'tickets/k-links.md': ticket('key: PROJ-11\ntitle: Links\ndependsOn: [PROJ-11, PROJ-99, PROJ-6]'),
    });
    expect(lines(batch.errors)).toMatchInlineSnapshot(`
      [
        "tickets/a-no-front-matter.md: missing front matter: the file must start with a --- line, the YAML fields, and a closing --- line (see the ticket file format in the nx-tickets README)",
        "tickets/b-malformed.md: malformed front matter: Flow sequence in block collection must be sufficiently indented and end with a ] (line 4, column 1)",
        "tickets/c-list.md: malformed front matter: expected fields like "key: PROJ-1" (see the ticket file format in the nx-tickets README)",
        "tickets/d-missing-key.md: field key: missing: every ticket needs a key like PROJ-123",
        "tickets/e-bad-key.md: field key: expected a ticket key like PROJ-123 or #42",
        "tickets/f-bad-fields.md: field status: expected one of ready, in-progress, done, blocked",
        "tickets/f-bad-fields.md: field priority: expected one of highest, high, medium, low, lowest",
        "tickets/f-bad-fields.md: field points: expected a number ≥ 0",
        "tickets/f-bad-fields.md: field estimate: expected an estimate like 90m, 2h, 1h30m or 1d",
        "tickets/f-bad-fields.md: field epic: expected a ticket key like PROJ-123 or #42",
        "tickets/f-bad-fields.md: field dependsOn[2]: expected a ticket key like PROJ-123 or #42",
        "tickets/f-bad-fields.md: field resources.database: expected a positive integer",
        "tickets/f-bad-fields.md: field command: expected a command as a list of arguments, e.g. [node, tools/fix.mjs]",
        "tickets/i-no-title.md: field title: missing: add a title field or start the body with a # heading",
        "tickets/j-duplicate-yaml-key.md: malformed front matter: Map keys must be unique (line 4, column 1)",
        "tickets/h-duplicate.md: field key: duplicate key PROJ-7, also used by tickets/g-duplicate.md; give each ticket its own key",
        "tickets/f-bad-fields.md: field dependsOn: PROJ-6 depends on itself",
        "tickets/f-bad-fields.md: field dependsOn: unknown ticket PROJ-99",
        "tickets/k-links.md: field dependsOn: PROJ-11 depends on itself",
        "tickets/k-links.md: field dependsOn: unknown ticket PROJ-99",
      ]
    `);
    expect(batch.tickets.map((t) => t.key)).toEqual(['PROJ-7', 'PROJ-11']);
    expect(batch.tickets[0]?.title).toBe('First');
  });

  test('checks the title, links and projects of a file with invalid fields too, so every problem is listed at once', async () => {
    const batch = await fetchFrom({
      'tickets/PROJ-1.md': ticket('key: PROJ-1\nestimate: soon\ndependsOn: [PROJ-1, PROJ-99, nope]\nprojects: [avatr, 7]', 'no heading'),
      'tickets/PROJ-2.md': ticket('key: PROJ-2\ntitle: Fine\ndependsOn: [PROJ-1]'),
    });
    expect(lines(batch.errors)).toMatchInlineSnapshot(`
      [
        "tickets/PROJ-1.md: field estimate: expected an estimate like 90m, 2h, 1h30m or 1d",
        "tickets/PROJ-1.md: field dependsOn[2]: expected a ticket key like PROJ-123 or #42",
        "tickets/PROJ-1.md: field projects[1]: expected text",
        "tickets/PROJ-1.md: field title: missing: add a title field or start the body with a # heading",
        "tickets/PROJ-1.md: field dependsOn: PROJ-1 depends on itself",
        "tickets/PROJ-1.md: field dependsOn: unknown ticket PROJ-99",
      ]
    `);
    expect(batch.tickets.map((t) => t.key)).toEqual(['PROJ-2']);
    expect(batch.invalid).toEqual([{ key: 'PROJ-1', origin: 'tickets/PROJ-1.md', dependsOn: ['PROJ-1', 'PROJ-99'], projects: ['avatr'], membership: { epic: null, sprint: null, status: 'ready' } }]);
  });

  test('rejects paths and globs in files that leave the workspace', async () => {
    const files = ['../x', '/etc/passwd', 'C:\\\\Windows\\\\win.ini', 'libs/../../secrets/**', '~/.ssh/*', 'libs/{..,a}/x'];
    const batch = await fetchFrom({ 'tickets/PROJ-1.md': ticket(`key: PROJ-1\ntitle: Escape\nfiles:\n${files.map((f) => `  - "${f}"`).join('\n')}`) });
    expect(lines(batch.errors)).toMatchInlineSnapshot(`
      [
        "tickets/PROJ-1.md: field files[0]: "../x" leaves the workspace (\`..\`); paths must stay inside the workspace",
        "tickets/PROJ-1.md: field files[1]: "/etc/passwd" is absolute; paths must stay inside the workspace",
        "tickets/PROJ-1.md: field files[2]: "C:\\\\Windows\\\\win.ini" is an absolute Windows path; paths must stay inside the workspace",
        "tickets/PROJ-1.md: field files[3]: "libs/../../secrets/**" leaves the workspace (\`..\`); paths must stay inside the workspace",
        "tickets/PROJ-1.md: field files[4]: "~/.ssh/*" points into a home folder; paths must stay inside the workspace",
        "tickets/PROJ-1.md: field files[5]: "libs/{..,a}/x" leaves the workspace (\`..\`); paths must stay inside the workspace",
      ]
    `);
    expect(batch.tickets).toEqual([]);
  });

  test('warns about unknown fields and an epic without a ticket, and keeps the ticket', async () => {
    const batch = await fetchFrom({ 'tickets/PROJ-1.md': ticket('key: PROJ-1\ntitle: Typos\nassigne: bob\nfile: [x]\nepic: EPIC-404') });
    expect(batch.errors).toEqual([]);
    expect(lines(batch.warnings)).toMatchInlineSnapshot(`
      [
        "tickets/PROJ-1.md: field assigne: unknown field (ignored)",
        "tickets/PROJ-1.md: field file: unknown field (ignored)",
        "tickets/PROJ-1.md: field epic: no ticket file for epic EPIC-404",
      ]
    `);
    expect(batch.tickets.map((t) => t.key)).toEqual(['PROJ-1']);
  });

  test('treats ticket text as data: unknown YAML tags stay text and alias bombs are refused', async () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...'bcdefgh'.split('').map((n, i) => `${n}: &${n} [${Array(10).fill(`*${'abcdefgh'[i]}`).join(', ')}]`)];
    const batch = await fetchFrom({
      'tickets/PROJ-1.md': ticket("key: PROJ-1\ntitle: !!js/function 'function(){ return 1 }'\ntype: bug"),
      'tickets/PROJ-2.md': ticket(`key: PROJ-2\ntitle: Bomb\n${bomb.join('\n')}`),
    });
    expect(lines(batch.errors)).toMatchInlineSnapshot(`
      [
        "tickets/PROJ-2.md: malformed front matter: Excessive alias count indicates a resource exhaustion attack",
      ]
    `);
    expect(batch.tickets.map((t) => [t.key, t.title])).toEqual([['PROJ-1', 'function(){ return 1 }']]);
  });

  test('throws NX_TICKETS_SOURCE_NOT_FOUND with a hint when the folder is missing', async () => {
    await expect(fetchFrom({ 'README.md': '' })).rejects.toMatchObject({
      code: 'NX_TICKETS_SOURCE_NOT_FOUND',
      exitCode: 2,
      hint: 'Create tickets/<KEY>.md ticket files (nx g nx-tickets:init writes an example) or set options.source.dir in nx.json.',
    });
  });
});
