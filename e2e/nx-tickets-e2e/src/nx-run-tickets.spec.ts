import type { TempGitRepo } from '@nx-tickets/testing';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createE2eWorkspace } from './e2e-workspace.js';
import { TEST_ENV, runCommand, runNx, runNxTickets } from './run-command.js';

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

  test('pipes no colour through Nx unless the user sets FORCE_COLOR, and NO_COLOR wins over FORCE_COLOR', async () => {
    const { NO_COLOR: _noColor, FORCE_COLOR: _forceColor, ...env } = TEST_ENV;
    const nx = (extra: NodeJS.ProcessEnv) => runCommand(join(workspace.root, 'node_modules', '.bin', 'nx'), ['run-tickets', '--', 'F-1', 'F-2', '--dry-run'], workspace.root, { ...env, ...extra }, { replaceEnv: true });
    // eslint-disable-next-line no-control-regex
    const ansi = /\u001B\[[0-9;]*m/;
    // Our output only: Nx colours its own lines around the task (its footer) by its own rules.
    const ours = (stdout: string) => stdout.slice(stdout.indexOf('Analyzing'), stdout.indexOf('\n', stdout.indexOf('Estimated total')));
    const piped = await nx({});
    expect(piped.exitCode, piped.stdout + piped.stderr).toBe(0);
    expect(piped.stdout).toContain('✗ F-1 ↔ F-2 file libs/avatar/src/upload.ts');
    expect(ours(piped.stdout)).not.toMatch(ansi);
    const forced = await nx({ FORCE_COLOR: '1' });
    expect(ours(forced.stdout)).toMatch(ansi);
    const noColor = await nx({ FORCE_COLOR: '1', NO_COLOR: '1' });
    expect(ours(noColor.stdout)).not.toMatch(ansi);
  });

  test('runs one shard with --shard i/n, cut as plan --format github-matrix cuts it', async () => {
    const keys = ['F-1', 'F-2', 'L-1', 'L-2', 'P-1'];
    const matrix = await runNxTickets(workspace.root, ['plan', ...keys, '--format', 'github-matrix', '--shards', '2']);
    expect(matrix.exitCode, matrix.stderr).toBe(0);
    const shards = (JSON.parse(matrix.stdout) as { include: Array<{ shard: number; total: number; keys: string[] }> }).include;
    expect(shards).toHaveLength(2);
    for (const shard of shards) {
      const result = await runNx(workspace.root, ['run-tickets', '--', ...keys, '--shard', `${shard.shard}/${shard.total}`, '--dry-run']);
      expect(result.exitCode, result.stdout + result.stderr).toBe(0);
      expect(result.stdout).toContain(`Analyzing ${shard.keys.length} tickets…`);
      for (const key of keys) expect(new RegExp(`^${key} `, 'm').test(result.stdout), key).toBe(shard.keys.includes(key));
    }
  });

  test('refuses a --shard outside 1..n with the message of nx-tickets run', async () => {
    const cli = await runNxTickets(workspace.root, ['run', 'F-1', '--shard', '4/3']);
    const nx = await runNx(workspace.root, ['run-tickets', '--', 'F-1', '--shard', '4/3']);
    expect(nx.exitCode).not.toBe(0);
    expect(cli.stderr).toContain('error: --shard 4/3: the shard must be between 1 and 3.');
    expect(nx.stdout + nx.stderr).toContain('error: --shard 4/3: the shard must be between 1 and 3.');
    expect(nx.stdout + nx.stderr).toContain('hint: Pass --shard i/n with 1 ≤ i ≤ n');
  });
});
