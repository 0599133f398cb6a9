import type { TempGitRepo } from '@nx-tickets/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createE2eWorkspace, E2E_KEYS } from './e2e-workspace.js';
import { runNxTickets } from './run-command.js';

interface PlanDocument {
  version: number;
  base: string;
  tickets: Array<Record<string, unknown> & { key: string }>;
  overlaps: Array<{ tickets: [string, string]; kind: string; conflict: boolean; items: string[]; itemCount: number }>;
  order: string[];
  batches: string[][];
  estimate: { parallelMinutes: number; sequentialMinutes: number; criticalPath: string[] };
  warnings: string[];
}

let workspace: TempGitRepo;
let plan: PlanDocument;
let stderr: string;

beforeAll(async () => {
  workspace = await createE2eWorkspace();
  const result = await runNxTickets(workspace.root, ['plan', ...E2E_KEYS, '--json']);
  expect(result.exitCode, result.stderr).toBe(0);
  plan = JSON.parse(result.stdout) as PlanDocument;
  stderr = result.stderr;
});
afterAll(() => workspace?.cleanup());

const ticket = (key: string) => plan.tickets.find((t) => t.key === key);
const line = (o: PlanDocument['overlaps'][number]) => `${o.tickets.join(' ')} ${o.kind}${o.conflict ? ' conflict' : ''}: ${o.items.join(', ')}`;

describe('nx-tickets plan --json', () => {
  test('prints only the plan document on stdout, version 1 on the nx.json default base', () => {
    expect(plan.version).toBe(1);
    expect(plan.base).toBe('main');
    expect(stderr).toBe('');
  });

  test('reports each overlap kind with its tickets, items and conflict flag', () => {
    expect(plan.overlaps.map(line)).toEqual([
      'F-1 D-1 dependency: web → avatar',
      'F-1 D-2 dependency: web-e2e → avatar',
      'F-1 F-2 file conflict: libs/avatar/src/upload.ts',
      'S-1 L-1 project: billing',
      'S-1 S-2 shared-file conflict: package-lock.json',
      'B-1 D-1 dependency: web → ui',
      'B-1 D-2 dependency: web-e2e → ui',
      'D-1 D-2 dependency: web-e2e → web',
      'D-1 F-2 dependency: web → avatar',
      'D-1 P-1 dependency: web → auth',
      'D-1 P-2 dependency: web → auth',
      'D-2 F-2 dependency: web-e2e → avatar',
      'D-2 P-1 dependency: web-e2e → auth',
      'D-2 P-2 dependency: web-e2e → auth',
      'L-1 L-2 link conflict: L-2 depends on L-1',
      'L-2 S-2 project: search',
      'N-1 N-2 file conflict: libs/mail/templates/welcome.html ~ libs/mail/templates/**',
      'P-1 P-2 project: auth',
    ]);
    expect(new Set(plan.overlaps.map((o) => o.kind))).toEqual(new Set(['file', 'shared-file', 'project', 'dependency', 'link']));
    expect(plan.overlaps.every((o) => o.itemCount === o.items.length)).toBe(true);
  });

  test('orders conflicting tickets and batches them apart, the unknown footprint alone', () => {
    expect(plan.order).toEqual(['F-1', 'S-1', 'B-1', 'D-1', 'D-2', 'F-2', 'L-1', 'L-2', 'N-1', 'N-2', 'P-1', 'P-2', 'S-2', 'U-1']);
    expect(plan.batches).toEqual([['F-1', 'S-1', 'B-1', 'D-1', 'D-2', 'L-1', 'N-1', 'P-1', 'P-2'], ['F-2', 'L-2', 'N-2', 'S-2'], ['U-1']]);
    expect(plan.estimate).toEqual({ parallelMinutes: 330, sequentialMinutes: 840, criticalPath: ['F-1', 'F-2', 'U-1'] });
  });

  test('maps files to owning and affected projects through implicit dependencies, with CODEOWNERS owners', () => {
    expect(ticket('F-1')).toMatchObject({
      title: 'Resize avatar uploads',
      type: 'feature',
      status: 'ready',
      priority: 'high',
      estimateMinutes: 120,
      dependsOn: [],
      files: ['libs/avatar/src/upload.ts'],
      projects: ['avatar'],
      affectedProjects: ['avatar', 'web', 'web-e2e'],
      owners: ['@alice'],
      footprint: 'known',
    });
    expect(ticket('P-1')).toMatchObject({ owners: ['@acme/security'], affectedProjects: ['auth', 'web', 'web-e2e'] });
    expect(ticket('D-2')).toMatchObject({ projects: ['web-e2e'], affectedProjects: ['web-e2e'], owners: ['@acme/core'] });
    expect(ticket('L-2')).toMatchObject({ dependsOn: ['L-1'] });
  });

  test('keeps a glob that matches nothing as a predicted path', () => {
    expect(ticket('N-1')).toMatchObject({ files: [], predictedPaths: ['libs/mail/templates/**'], projects: ['mail'], footprint: 'known' });
    expect(ticket('N-2')).toMatchObject({ files: [], predictedPaths: ['libs/mail/templates/welcome.html'], projects: ['mail'] });
  });

  test('flags a ticket without files, projects, paths or branch as an unknown footprint', () => {
    expect(ticket('U-1')).toMatchObject({ files: [], projects: [], footprint: 'unknown' });
    expect(plan.warnings).toEqual(['U-1 has an unknown footprint (no files, projects, mentioned paths or ticket branch); it runs alone']);
  });

  test('uses the diff of an existing ticket branch', () => {
    expect(ticket('B-1')).toMatchObject({
      status: 'in-progress',
      branch: 'feature/B-1-dark-theme',
      files: ['libs/ui/src/theme.ts'],
      projects: ['ui'],
      affectedProjects: ['ui', 'web', 'web-e2e'],
      footprint: 'known',
    });
  });
});
