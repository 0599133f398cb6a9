import type { TempGitRepo } from '@nx-tickets/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createE2eWorkspace } from './e2e-workspace.js';
import { runNx } from './run-command.js';

let workspace: TempGitRepo;

beforeAll(async () => {
  workspace = await createE2eWorkspace();
});
afterAll(() => workspace?.cleanup());

describe('nx run-tickets (inferred target, plugin registered by package name)', () => {
  test('leaves nx show projects working and adds the target to the root project', async () => {
    const projects = await runNx(workspace.root, ['show', 'projects']);
    expect(projects.exitCode, projects.stderr).toBe(0);
    expect(projects.stdout.split('\n').filter(Boolean).sort()).toEqual(['@temp/source', 'auth', 'avatar', 'billing', 'mail', 'search', 'ui', 'web', 'web-e2e']);
    const root = await runNx(workspace.root, ['show', 'project', '@temp/source', '--json']);
    const target = (JSON.parse(root.stdout) as { targets: Record<string, Record<string, unknown>> }).targets['run-tickets'];
    expect(target).toMatchObject({ executor: 'nx-tickets:run-tickets', cache: false, metadata: { description: expect.stringContaining('--dry-run') } });
  });

  test('prints the plan with --dry-run', async () => {
    const result = await runNx(workspace.root, ['run-tickets', '--', 'F-1', 'F-2', 'L-2', 'L-1', '--dry-run']);
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain('Analyzing 4 tickets…');
    expect(result.stdout).toContain('✗ F-1 ↔ F-2 file libs/avatar/src/upload.ts → F-2 after F-1');
    expect(result.stdout).toContain('→ L-2 after L-1 (depends on it)');
    expect(result.stdout).toContain('Batches: 1) F-1 L-1  2) F-2 L-2');
  });

  test('passes --json and --max-threads through Nx', async () => {
    const result = await runNx(workspace.root, ['run-tickets', '--', 'P-1', 'P-2', 'D-1', '--dry-run', '--json', '--max-threads', '1']);
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    const json = result.stdout.slice(result.stdout.indexOf('{'), result.stdout.lastIndexOf('}') + 1);
    const plan = JSON.parse(json) as { order: string[]; estimate: { parallelMinutes: number; sequentialMinutes: number } };
    expect(plan.order).toEqual(['D-1', 'P-1', 'P-2']);
    expect(plan.estimate.parallelMinutes).toBe(plan.estimate.sequentialMinutes);
  });

  test('reports a bad key as a sentence and fails the task', async () => {
    const result = await runNx(workspace.root, ['run-tickets', '--', 'F-99', '--dry-run']);
    expect(result.exitCode).not.toBe(0);
    expect(result.stdout + result.stderr).toMatch(/F-99/);
  });
});
