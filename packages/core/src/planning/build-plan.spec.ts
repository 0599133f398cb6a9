import { describe, expect, test } from 'vitest';
import { options, ticket, workspace } from '../testing/fixtures.js';
import type { Ticket } from '../tickets/ticket.js';
import type { WorkspaceModel } from '../workspace/workspace-model.js';
import { buildPlan } from './build-plan.js';
import type { Plan } from './plan.js';
import type { PlanningOptions } from './planning-options.js';

function plan(tickets: Ticket[], ws: Partial<WorkspaceModel> = {}, opts: Partial<PlanningOptions> = {}): Plan {
  return buildPlan({ tickets, workspace: workspace(ws), options: options(opts) });
}

function kinds(p: Plan): string[] {
  return p.overlaps.map((o) => `${o.tickets.join('↔')} ${o.kind}${o.conflict ? '!' : ''}: ${o.items.join(', ')}`);
}

describe('buildPlan mapping', () => {
  test('maps files, projects, mentioned paths and branch diffs onto owning and affected projects', () => {
    const p = plan(
      [
        ticket('PROJ-1', { files: ['apps/web/src/UserProfile.tsx', 'libs/avatar/**'] }),
        ticket('PROJ-2', { title: 'Fix login redirect', description: 'The bug is in `libs/auth/src/redirect.ts`, see https://x.test/a/b.ts.' }),
        ticket('PROJ-3', { projects: ['ui'] }),
        ticket('PROJ-4'),
      ],
      { branchDiffs: { 'PROJ-4': { branch: 'feature/PROJ-4-x', files: ['apps/admin/src/config.ts'] } } },
    );
    const byKey = Object.fromEntries(p.tickets.map((t) => [t.key, t]));
    expect(byKey['PROJ-1']).toMatchObject({
      files: ['apps/web/src/UserProfile.tsx', 'libs/avatar/src/avatar-service.ts', 'libs/avatar/src/index.ts'],
      projects: ['avatar', 'web'],
      affectedProjects: ['avatar', 'web', 'web-e2e'],
      footprint: 'known',
    });
    expect(byKey['PROJ-2']).toMatchObject({ files: ['libs/auth/src/redirect.ts'], projects: ['auth'], affectedProjects: ['auth', 'web', 'web-e2e'] });
    expect(byKey['PROJ-3']).toMatchObject({ files: ['libs/ui/README.md', 'libs/ui/src/button.tsx'], affectedProjects: ['admin', 'ui', 'web', 'web-e2e'] });
    expect(byKey['PROJ-4']).toMatchObject({ files: ['apps/admin/src/config.ts'], projects: ['admin'], branch: 'feature/PROJ-4-x' });
  });

  test('counts a label as a named project only when a project has exactly that name', () => {
    const p = plan([ticket('PROJ-1', { labels: ['ui', 'tech-debt', 'UI'] })]);
    expect(p.tickets[0]?.projects).toEqual(['ui']);
    expect(p.warnings).toEqual([]);
  });

  test('uses every file a bare file name matches and warns about it', () => {
    const p = plan([ticket('PROJ-1', { description: 'Change config.ts to read the new flag.' })]);
    expect(p.tickets[0]?.files).toEqual(['apps/admin/src/config.ts', 'apps/web/src/config.ts']);
    expect(p.warnings).toContain('PROJ-1: "config.ts" names 2 files (apps/admin/src/config.ts, apps/web/src/config.ts); all of them are used');
  });

  test('keeps predicted new paths and places them in their project', () => {
    const p = plan([ticket('PROJ-1', { files: ['libs/avatar/src/upload/**', 'libs/new-lib/src/index.ts'] })]);
    expect(p.tickets[0]).toMatchObject({ files: [], predictedPaths: ['libs/avatar/src/upload/**', 'libs/new-lib/src/index.ts'], projects: ['avatar'], footprint: 'known' });
  });

  test('ignores paths that leave the workspace', () => {
    const p = plan([ticket('PROJ-1', { files: ['../secrets/**', '/etc/passwd', 'apps/../../x'] })]);
    expect(p.tickets[0]?.footprint).toBe('unknown');
    expect(p.warnings.filter((w) => w.includes('leaves the workspace'))).toHaveLength(3);
  });

  test('takes owners from CODEOWNERS where the last matching rule wins', () => {
    const codeowners = [
      { pattern: '*', owners: ['@org/everyone'] },
      { pattern: '/libs/', owners: ['@org/libs'] },
      { pattern: 'libs/auth/', owners: ['@org/security'] },
      { pattern: '*.md', owners: ['@org/docs'] },
      { pattern: 'libs/ui/README.md', owners: [] },
    ];
    const p = plan(
      [
        ticket('PROJ-1', { files: ['libs/auth/src/login.ts'] }),
        ticket('PROJ-2', { files: ['libs/avatar/src/index.ts', 'README.md'] }),
        ticket('PROJ-3', { files: ['libs/ui/README.md', 'apps/web/src/main.ts'] }),
      ],
      { codeowners },
    );
    expect(p.tickets.map((t) => t.owners)).toEqual([['@org/security'], ['@org/docs', '@org/libs'], ['@org/everyone']]);
  });
});

describe('buildPlan overlaps', () => {
  test('finds a file overlap and orders the later ticket after the earlier', () => {
    const p = plan([ticket('PROJ-2', { files: ['apps/web/src/config.ts'] }), ticket('PROJ-1', { files: ['apps/web/src/*.ts'] })]);
    expect(kinds(p)).toEqual(['PROJ-1↔PROJ-2 file!: apps/web/src/config.ts']);
    expect(p.batches).toEqual([['PROJ-1'], ['PROJ-2']]);
  });

  test('orders conflicting tickets by priority before key', () => {
    const p = plan([ticket('PROJ-1', { files: ['nx.json'] }), ticket('PROJ-2', { files: ['nx.json'], priority: 'highest' })]);
    expect(p.order).toEqual(['PROJ-2', 'PROJ-1']);
    expect(kinds(p)).toEqual(['PROJ-2↔PROJ-1 shared-file!: nx.json']);
  });

  test('treats two different workspace-wide files as a shared-file overlap, with configured globs', () => {
    const p = plan(
      [ticket('PROJ-1', { files: ['package-lock.json'] }), ticket('PROJ-2', { files: ['package.json'] }), ticket('PROJ-3', { files: ['README.md'] }), ticket('PROJ-4', { files: ['README.md'] })],
      {},
      { sharedFiles: ['package.json', 'package-lock.json', 'README.md'] },
    );
    expect(kinds(p)).toEqual([
      'PROJ-1↔PROJ-2 shared-file!: package-lock.json, package.json',
      'PROJ-1↔PROJ-3 shared-file!: README.md, package-lock.json',
      'PROJ-1↔PROJ-4 shared-file!: README.md, package-lock.json',
      'PROJ-2↔PROJ-3 shared-file!: README.md, package.json',
      'PROJ-2↔PROJ-4 shared-file!: README.md, package.json',
      'PROJ-3↔PROJ-4 shared-file!: README.md',
    ]);
  });

  test('reports a project overlap for different files of one project and lets them run in parallel', () => {
    const p = plan([ticket('PROJ-1', { files: ['libs/auth/src/login.ts'] }), ticket('PROJ-2', { files: ['libs/auth/src/redirect.ts'] })]);
    expect(kinds(p)).toEqual(['PROJ-1↔PROJ-2 project: auth']);
    expect(p.batches).toEqual([['PROJ-1', 'PROJ-2']]);
  });

  test('reports a dependency overlap through the project graph, transitively', () => {
    const p = plan([ticket('PROJ-1', { files: ['libs/ui/src/button.tsx'] }), ticket('PROJ-2', { files: ['apps/web-e2e/src/app.spec.ts'] })]);
    expect(kinds(p)).toEqual(['PROJ-1↔PROJ-2 dependency: web-e2e → ui']);
    expect(p.batches).toEqual([['PROJ-1', 'PROJ-2']]);
  });

  test('reports a link and puts the dependency first', () => {
    const p = plan([ticket('PROJ-1', { dependsOn: ['PROJ-2'], files: ['README.md'], priority: 'highest' }), ticket('PROJ-2', { files: ['libs/ui/README.md'] })]);
    expect(p.order).toEqual(['PROJ-2', 'PROJ-1']);
    expect(kinds(p)).toEqual(['PROJ-2↔PROJ-1 link!: PROJ-1 depends on PROJ-2']);
  });

  test('overlaps a predicted new path with files, claimed folders and predictions below its folder', () => {
    const p = plan([
      ticket('PROJ-1', { files: ['libs/avatar/src/upload/**'] }),
      ticket('PROJ-2', { files: ['libs/avatar/src/upload/resize.ts'] }),
      ticket('PROJ-3', { files: ['libs/avatar/**'] }),
      ticket('PROJ-4', { files: ['libs/ui/src/button.tsx'] }),
      ticket('PROJ-5', { files: ['libs/new-lib/**'] }),
      ticket('PROJ-6', { files: ['libs/new-lib/src/index.ts'] }),
    ]);
    const files = kinds(p).filter((k) => k.includes(' file'));
    expect(files).toEqual([
      'PROJ-1↔PROJ-2 file!: libs/avatar/src/upload/resize.ts ~ libs/avatar/src/upload/**',
      'PROJ-1↔PROJ-3 file!: libs/avatar/src/upload/** (in libs/avatar)',
      'PROJ-2↔PROJ-3 file!: libs/avatar/src/upload/resize.ts (in libs/avatar)',
      'PROJ-5↔PROJ-6 file!: libs/new-lib/src/index.ts ~ libs/new-lib/**',
    ]);
  });

  test('leaves the root project out of project overlaps', () => {
    const ws = workspace();
    const p = plan([ticket('PROJ-1', { files: ['README.md'] }), ticket('PROJ-2', { files: ['.github/workflows/ci.yml'] })], { projects: [...ws.projects, { name: 'source', root: '.' }] });
    expect(p.tickets.map((t) => t.projects)).toEqual([['source'], ['source']]);
    expect(p.overlaps).toEqual([]);
  });

  test('does not report a relation between tickets in unrelated projects', () => {
    const p = plan([ticket('PROJ-1', { files: ['libs/auth/src/login.ts'] }), ticket('PROJ-2', { files: ['apps/admin/src/main.ts'] })]);
    expect(p.overlaps).toEqual([]);
  });

  test('makes project and dependency overlaps conflicts under a strict policy', () => {
    const p = plan([ticket('PROJ-1', { files: ['libs/auth/src/login.ts'] }), ticket('PROJ-2', { files: ['libs/auth/src/redirect.ts'] })], {}, { conflictKinds: ['file', 'shared-file', 'project', 'dependency', 'link'] });
    expect(p.overlaps[0]?.conflict).toBe(true);
    expect(p.batches).toEqual([['PROJ-1'], ['PROJ-2']]);
  });

  test('caps overlap items and counts them all', () => {
    const files = Array.from({ length: 80 }, (_, i) => `libs/big/f${i}.ts`);
    const p = plan([ticket('PROJ-1', { files: ['libs/big/**'] }), ticket('PROJ-2', { files: ['libs/big/*.ts'] })], { files });
    expect(p.overlaps[0]).toMatchObject({ kind: 'file', itemCount: 80 });
    expect(p.overlaps[0]?.items).toHaveLength(50);
  });
});

describe('buildPlan schedule', () => {
  test('runs a ticket with an unknown footprint alone in its own batch by default', () => {
    const tickets = [ticket('PROJ-1', { files: ['README.md'] }), ticket('PROJ-2'), ticket('PROJ-3', { files: ['libs/ui/README.md'] })];
    expect(plan(tickets).batches).toEqual([['PROJ-1'], ['PROJ-2'], ['PROJ-3']]);
    expect(plan(tickets).warnings).toContain('PROJ-2 has an unknown footprint (no files, projects, mentioned paths or ticket branch); it runs alone');
    expect(plan(tickets, {}, { unknownFootprint: 'parallel' }).batches).toEqual([['PROJ-1', 'PROJ-2', 'PROJ-3']]);
  });

  test('estimates the parallel makespan, the sequential sum and the critical path', () => {
    const p = plan(
      [
        ticket('PROJ-1', { files: ['apps/web/src/main.ts'], estimateMinutes: 120 }),
        ticket('PROJ-2', { files: ['apps/web/src/main.ts'], estimateMinutes: 60 }),
        ticket('PROJ-3', { files: ['libs/auth/src/login.ts'], estimateMinutes: 150 }),
        ticket('PROJ-4', { files: ['apps/admin/src/main.ts'] }),
      ],
      {},
      { maxThreads: 2 },
    );
    expect(p.estimate).toEqual({ parallelMinutes: 240, sequentialMinutes: 450, criticalPath: ['PROJ-1', 'PROJ-2'] });
    expect(p.tickets.find((t) => t.key === 'PROJ-4')).toMatchObject({ estimateMinutes: 120, estimateSource: 'default' });
  });

  test('never runs two tickets that need the only database at once', () => {
    const p = plan(
      [ticket('PROJ-1', { files: ['README.md'], resources: { database: 1 }, estimateMinutes: 60 }), ticket('PROJ-2', { files: ['libs/ui/README.md'], resources: { database: 1 }, estimateMinutes: 60 })],
      {},
      { resources: { database: 1 } },
    );
    expect(p.estimate.parallelMinutes).toBe(120);
    expect(p.schedule.map((s) => [s.key, s.startMinutes])).toEqual([['PROJ-1', 0], ['PROJ-2', 60]]);
  });

  test('throws a coded error on a dependency cycle', () => {
    expect(() => plan([ticket('A-1', { dependsOn: ['A-2'] }), ticket('A-2', { dependsOn: ['A-1'] })])).toThrowError(expect.objectContaining({ code: 'NX_TICKETS_DEPENDENCY_CYCLE' }));
  });

  test('builds the sprint completion view with days left and fit', () => {
    const tickets = [ticket('PROJ-2', { files: ['README.md'], points: 5, estimateMinutes: 600 })];
    const scopeTickets = [ticket('PROJ-1', { status: 'done', points: 3 }), ...tickets];
    const p = buildPlan({
      tickets,
      workspace: workspace(),
      options: options({ today: '2026-11-25' }),
      scope: { kind: 'sprint', name: 'Sprint 15', tickets: scopeTickets, sprint: { name: 'Sprint 15', end: '2026-11-27' } },
    });
    expect(p.completion).toMatchObject({ done: 1, total: 2, pointsTotal: 8, pointsRemaining: 5, daysLeft: 3, fits: true, overshootMinutes: 0 });
    const tight = buildPlan({
      tickets,
      workspace: workspace(),
      options: options({ today: '2026-11-27' }),
      scope: { kind: 'sprint', name: 'Sprint 15', tickets: scopeTickets, sprint: { name: 'Sprint 15', end: '2026-11-27' } },
    });
    expect(tight.completion).toMatchObject({ daysLeft: 1, fits: false, overshootMinutes: 216 });
  });
});
