import type { ExecutorContext, ProjectGraph } from '@nx/devkit';
import { createTempNxWorkspace, type TempGitRepo } from '@nx-tickets/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createRunTicketsExecutor } from './executor.js';

let workspace: TempGitRepo;
beforeAll(async () => {
  workspace = await createTempNxWorkspace({
    projects: [{ name: 'app', root: 'apps/app', dependsOn: ['lib'] }, { name: 'lib', root: 'libs/lib' }],
    files: {
      'tickets/A-1.md': '---\nkey: A-1\ntitle: Change the lib\nestimate: 1h\nfiles: [libs/lib/src/index.ts]\n---\n',
      'tickets/A-2.md': '---\nkey: A-2\ntitle: Change the app\nestimate: 1h\nfiles: [apps/app/src/index.ts]\n---\n',
    },
  });
});
afterAll(() => workspace?.cleanup());

/** The project graph Nx hands an executor, written out for the two projects above. */
const projectGraph = (): ProjectGraph => ({
  nodes: {
    app: { name: 'app', type: 'app', data: { root: 'apps/app' } },
    lib: { name: 'lib', type: 'lib', data: { root: 'libs/lib' } },
  },
  dependencies: { app: [{ source: 'app', target: 'lib', type: 'static' }], lib: [] },
});

const context = (): ExecutorContext => ({
  root: workspace.root,
  cwd: workspace.root,
  isVerbose: false,
  projectName: '@temp/source',
  targetName: 'run-tickets',
  projectGraph: projectGraph(),
  projectsConfigurations: { version: 2, projects: {} },
  nxJsonConfiguration: {},
});

function run(options: Parameters<ReturnType<typeof createRunTicketsExecutor>>[0]) {
  const out = { stdout: '', stderr: '' };
  const executor = createRunTicketsExecutor({
    stdout: { write: (text: string) => (out.stdout += text) },
    stderr: { write: (text: string) => (out.stderr += text) },
    env: {},
  });
  return executor(options, context()).then((result) => ({ ...result, ...out }));
}

describe('runTicketsExecutor', () => {
  test('prints the plan for positional keys with dryRun, using the project graph from the context', async () => {
    const result = await run({ _: ['A-1', 'A-2'], dryRun: true, json: true });
    expect(result.success, result.stderr).toBe(true);
    const plan = JSON.parse(result.stdout) as { overlaps: Array<{ kind: string; items: string[] }>; tickets: Array<{ affectedProjects: string[] }> };
    expect(plan.overlaps).toEqual([expect.objectContaining({ kind: 'dependency', items: ['app → lib'] })]);
    expect(plan.tickets.map((t) => t.affectedProjects)).toEqual([['app', 'lib'], ['app']]);
  });

  test('combines keys from options with positional keys', async () => {
    const result = await run({ keys: ['A-2'], _: ['A-1'], dryRun: true });
    expect(result.success, result.stderr).toBe(true);
    expect(result.stdout).toContain('Analyzing 2 tickets');
  });

  test('starts a run without dryRun and fails with a sentence, before printing the plan, when the base branch does not exist', async () => {
    const result = await run({ _: ['A-1'], base: 'no-such-branch' });
    expect(result.success).toBe(false);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('error: The base branch "no-such-branch" does not exist in this repository.\nhint: Create it, or set options.baseBranch in nx.json, or pass --base.\n');
  });

  test('fails with the message and hint of a bad selection', async () => {
    const result = await run({ _: ['A-1'], epic: 'E-1', dryRun: true });
    expect(result).toEqual({
      success: false,
      stdout: '',
      stderr: 'error: Choose one way to select tickets: ticket keys and --epic cannot be combined.\nhint: Pass either ticket keys, --epic, --sprint or --all-ready.\n',
    });
  });
});
