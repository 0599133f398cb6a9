import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createRunState, type Plan } from '@nx-tickets/core';
import { createTempNxWorkspace, type TempGitRepo } from '@nx-tickets/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CliIo } from './cli-io.js';
import { RunStore } from '../execution/run-store.js';
import { runCli } from './run-cli.js';

const ticket = (key: string, file: string, extra = ''): string => `---\nkey: ${key}\ntitle: Work on ${key}\nestimate: 1h\nfiles: [${file}]\n${extra}---\nBody.\n`;

let workspace: TempGitRepo;
beforeAll(async () => {
  workspace = await createTempNxWorkspace({
    projects: [{ name: 'app', root: 'apps/app', dependsOn: ['lib'] }, { name: 'lib', root: 'libs/lib' }],
    files: {
      'tickets/A-1.md': ticket('A-1', 'libs/lib/src/index.ts'),
      'tickets/A-2.md': ticket('A-2', 'libs/lib/src/index.ts', 'priority: low\n'),
      'tickets/U-1.md': '---\nkey: U-1\ntitle: Make everything faster\n---\nNothing in this text names a path.\n',
    },
  });
});
afterAll(() => workspace?.cleanup());

/** Run the CLI in-process with string sinks. */
async function cli(argv: string[], env: Record<string, string> = {}, cwd = workspace.root) {
  const out = { stdout: '', stderr: '' };
  const io: CliIo = {
    stdout: { write: (text: string) => (out.stdout += text), isTTY: false },
    stderr: { write: (text: string) => (out.stderr += text) },
    env,
    cwd,
  };
  const exitCode = await runCli(argv, io);
  return { exitCode, ...out };
}

describe('runCli', () => {
  test('prints its version and exits 0', async () => {
    const result = await cli(['--version']);
    expect(result).toMatchObject({ exitCode: 0, stderr: '' });
    expect(result.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  test('prints help and exits 0', async () => {
    const result = await cli(['--help']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('nx-tickets plan [keys..]');
    expect(result.stdout).toContain('--with-dependencies');
    expect(result.stdout).toContain('nx-tickets report [runId]');
    expect(result.stdout).toContain('nx-tickets metrics');
  });

  test('plans keys and prints only the plan document with --json', async () => {
    const result = await cli(['plan', 'A-1', 'A-2', '--json']);
    expect(result.exitCode, result.stderr).toBe(0);
    const plan = JSON.parse(result.stdout) as { order: string[]; batches: string[][]; overlaps: Array<{ kind: string; conflict: boolean }> };
    expect(plan.order).toEqual(['A-1', 'A-2']);
    expect(plan.batches).toEqual([['A-1'], ['A-2']]);
    expect(plan.overlaps).toEqual([expect.objectContaining({ tickets: ['A-1', 'A-2'], kind: 'file', conflict: true })]);
  });

  test('accepts --format json as --json and --cwd relative to the working directory', async () => {
    const result = await cli(['plan', 'A-1', '--format', 'json', '--cwd', 'apps/app'], {}, workspace.root);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ version: 1, order: ['A-1'] });
  });

  test('runs bare keys like `run`, and only prints the plan with --dry-run', async () => {
    const result = await cli(['A-1', '--max-threads', '2', '--dry-run']);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain('Analyzing 1 ticket');
    expect(result.stderr).toBe('');
  });

  test('prints no colour with --no-color even when FORCE_COLOR is set', async () => {
    const result = await cli(['plan', 'A-1', '--no-color'], { FORCE_COLOR: '1' });
    expect(result.stdout).not.toMatch(/\u001b\[/);
  });

  test('colours the text plan with FORCE_COLOR', async () => {
    const result = await cli(['plan', 'A-1'], { FORCE_COLOR: '1' });
    expect(result.stdout).toMatch(/\u001b\[/);
  });

  test('exits 2 with a sentence for an unknown option', async () => {
    expect(await cli(['plan', 'A-1', '--bogus'])).toEqual({
      exitCode: 2,
      stdout: '',
      stderr: 'error: Unknown argument: bogus\nhint: Run nx-tickets --help to see the commands and options.\n',
    });
  });

  test('exits 2 for a word that is neither a command nor a ticket key', async () => {
    expect(await cli(['frobnicate', 'A-1'])).toEqual({
      exitCode: 2,
      stdout: '',
      stderr: 'error: "frobnicate" is not a ticket key or a command.\nhint: Commands: plan, run, merge, resume, retry, clean, status, report, metrics (nx-tickets --help); ticket keys look like PROJ-123 or #42.\n',
    });
  });

  test('points `nx-tickets init` to the init generator', async () => {
    expect(await cli(['init'])).toEqual({
      exitCode: 2,
      stdout: '',
      stderr: 'error: "init" is not a ticket key or a command.\nhint: nx-tickets is set up by its Nx generator: `nx g nx-tickets:init`.\n',
    });
  });

  test('exits 2 with one sentence and a hint for `retry` without a key', async () => {
    expect(await cli(['retry'])).toEqual({
      exitCode: 2,
      stdout: '',
      stderr: 'error: Name the tickets to retry: `nx-tickets retry KEY… [--run ID]`.\nhint: `nx-tickets status` lists the failed, blocked and set-aside tickets of the latest run.\n',
    });
  });

  test('says `resume` continues an interrupted run whose ticket `retry` names while it was running', async () => {
    const plan = JSON.parse((await cli(['plan', 'A-1', '--json'])).stdout) as Plan;
    const state = createRunState({ runId: 'r-interrupted', plan, baseStart: 'b0', now: 0, limits: { maxThreads: 1, resources: {} }, unknownFootprint: 'serialize' });
    Object.assign(state.tickets['A-1'] as object, { status: 'running', startedAt: 0 });
    state.status = 'interrupted';
    await new RunStore(workspace.root, 'r-interrupted').writeState(state);
    try {
      expect(await cli(['retry', 'A-1', '--run', 'r-interrupted'])).toEqual({
        exitCode: 2,
        stdout: '',
        stderr: 'error: A-1 is running; only failed, set-aside (conflict) or blocked tickets can be retried.\nhint: Run r-interrupted was interrupted: `nx-tickets resume r-interrupted` continues it, A-1 included.\n',
      });
    } finally {
      await rm(join(workspace.root, '.nx/tickets/runs/r-interrupted'), { recursive: true, force: true });
    }
  });

  test('exits 2 for a format that is not implemented', async () => {
    const result = await cli(['plan', 'A-1', '--format', 'svg']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('Invalid values');
  });

  test('shows the unknown-footprint warning of a single ticket in the text plan, as --json does', async () => {
    const warning = 'U-1 has an unknown footprint (no files, projects, mentioned paths or ticket branch); it runs alone';
    const json = await cli(['plan', 'U-1', '--json']);
    expect((JSON.parse(json.stdout) as { warnings: string[] }).warnings).toEqual([warning]);
    const text = await cli(['plan', 'U-1']);
    expect(text).toMatchObject({ exitCode: 0, stderr: '' });
    expect(text.stdout).toContain('  footprint unknown\n');
    expect(text.stdout.endsWith(`\nWarnings:\n  ! ${warning}\n`)).toBe(true);
  });

  test('exits 2 naming an unknown key', async () => {
    const result = await cli(['plan', 'A-9']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('A-9');
    expect(result.stdout).toBe('');
  });
});
