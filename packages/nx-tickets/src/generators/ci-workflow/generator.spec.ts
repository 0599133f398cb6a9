import { readNxJson, updateNxJson, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';
import { parse } from 'yaml';
import { beforeEach, describe, expect, test } from 'vitest';
import { ciWorkflowGenerator } from './generator.js';

const PATH = '.github/workflows/run-tickets.yml';

/** Every error GitHub's own workflow parser finds: schema and expressions, then the conversion to a workflow template. */
async function githubErrors(content: string): Promise<string[]> {
  const result = parseWorkflow({ name: PATH, content }, new NoOperationTraceWriter());
  const errors = result.context.errors.getErrors().map((e) => e.message);
  if (result.value === undefined) return [...errors, 'no workflow'];
  const template = await convertWorkflowTemplate(result.context, result.value);
  return [...errors, ...result.context.errors.getErrors().map((e) => e.message).filter((m) => !errors.includes(m)), ...(template.errors ?? []).map((e) => e.Message)];
}

interface Workflow {
  jobs: Record<string, { needs?: string | string[]; if?: string; strategy?: { matrix: string }; outputs?: Record<string, string>; steps: Array<{ run?: string; uses?: string; with?: Record<string, unknown> }> }>;
}

let tree: Tree;
beforeEach(() => {
  tree = createTreeWithEmptyWorkspace();
});

describe('ciWorkflowGenerator', () => {
  test('writes a workflow GitHub\'s parser accepts without errors', async () => {
    await ciWorkflowGenerator(tree, { skipFormat: true });
    const text = tree.read(PATH, 'utf-8') ?? '';
    expect(await githubErrors(text)).toEqual([]);
    const result = parseWorkflow({ name: PATH, content: text }, new NoOperationTraceWriter());
    const template = await convertWorkflowTemplate(result.context, result.value as NonNullable<typeof result.value>);
    expect(template.jobs.map((j) => j.id.value)).toEqual(['plan', 'shard', 'merge']);
  });

  test('the parser check finds a broken workflow', async () => {
    await ciWorkflowGenerator(tree, { skipFormat: true });
    const broken = (tree.read(PATH, 'utf-8') ?? '').replace("needs: plan\n", 'needs: plan\n    timeout-minutes: soon\n').replace('${{ fromJSON(needs.plan.outputs.matrix) }}', '${{ fromJSON(needs.plan.outputs.matrix }}');
    expect((await githubErrors(broken)).length).toBeGreaterThanOrEqual(2);
  });

  test('plans with the github-matrix format, runs one shard per matrix entry and merges after them', async () => {
    await ciWorkflowGenerator(tree, { skipFormat: true, shards: 4, epic: 'EPIC-10', nodeVersion: '22', baseBranch: 'develop' });
    const workflow = parse(tree.read(PATH, 'utf-8') ?? '') as Workflow;
    const runs = (job: string) => workflow.jobs[job]?.steps.flatMap((s) => (s.run ? [s.run] : [])).join('\n') ?? '';
    expect(runs('plan')).toContain('npx nx-tickets plan --epic EPIC-10 --base develop --format github-matrix --shards 4');
    expect(workflow.jobs['plan']?.outputs?.['matrix']).toBe('${{ steps.plan.outputs.matrix }}');
    expect(workflow.jobs['shard']?.strategy?.matrix).toBe('${{ fromJSON(needs.plan.outputs.matrix) }}');
    expect(runs('shard')).toContain('npx nx-tickets run --epic EPIC-10 --base develop --shard ${{ matrix.shard }}/${{ matrix.total }}');
    expect(workflow.jobs['merge']?.needs).toEqual(['plan', 'shard']);
    expect(runs('merge')).toContain('npx nx-tickets merge --epic EPIC-10 --base develop');
    for (const job of Object.values(workflow.jobs)) {
      expect(job.steps.find((s) => s.uses === 'actions/setup-node@v4')?.with?.['node-version']).toBe('22');
      expect(job.steps.find((s) => s.uses === 'actions/checkout@v4')?.with?.['fetch-depth']).toBe(0);
    }
  });

  test('takes the base branch from nx.json and quotes keys for the shell', async () => {
    updateNxJson(tree, { ...readNxJson(tree), defaultBase: 'trunk' });
    await ciWorkflowGenerator(tree, { skipFormat: true, tickets: '#42, PROJ-7' });
    const text = tree.read(PATH, 'utf-8') ?? '';
    expect(await githubErrors(text)).toEqual([]);
    expect(text).toContain("npx nx-tickets merge '#42' PROJ-7 --base trunk");
  });

  test('refuses options the workflow cannot use', async () => {
    await expect(ciWorkflowGenerator(tree, { epic: 'EPIC-1', sprint: 'current' })).rejects.toMatchObject({ code: 'NX_TICKETS_INVALID_OPTION', message: 'Choose one way to select tickets: --epic and --sprint cannot be combined.' });
    await expect(ciWorkflowGenerator(tree, { sprint: '${{ secrets.X }}' })).rejects.toMatchObject({ code: 'NX_TICKETS_INVALID_OPTION' });
    await expect(ciWorkflowGenerator(tree, { tickets: 'PROJ-1 $(rm)' })).rejects.toThrow('--tickets: "$(rm)" is not a ticket key.');
    await expect(ciWorkflowGenerator(tree, { baseBranch: '--upload-pack=x' })).rejects.toMatchObject({ code: 'NX_TICKETS_INVALID_OPTION' });
    await expect(ciWorkflowGenerator(tree, { shards: 0 })).rejects.toThrow('--shards 0 is not a whole number of at least 1.');
    expect(tree.exists(PATH)).toBe(false);
  });
});
