import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createRunWorkspace, type RunWorkspace } from './run-workspace.js';

let ws: RunWorkspace;

beforeAll(async () => {
  ws = await createRunWorkspace({
    projects: [{ name: 'alpha', root: 'libs/alpha' }, { name: 'beta', root: 'libs/beta' }],
    tickets: [
      { key: 'NX-1', title: 'Add alpha docs', files: ['libs/alpha/README.md'] },
      { key: 'NX-2', title: 'Add beta docs', files: ['libs/beta/README.md'] },
    ],
    changes: {
      'NX-1': [{ file: 'libs/alpha/README.md', write: '# alpha\n' }],
      'NX-2': [{ file: 'libs/beta/README.md', write: '# beta\n' }],
    },
  });
});
afterAll(() => ws?.cleanup());

describe('nx run-tickets (the executor, without --dry-run)', () => {
  test('runs and merges two tickets through the real nx binary and says nothing was verified', async () => {
    const result = await ws.nx(['run-tickets', '--', 'NX-1', 'NX-2']);
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);

    const state = await ws.state();
    expect(state.status).toBe('finished');
    expect(state.tickets['NX-1']).toMatchObject({ status: 'merged', verification: { skipped: true } });
    expect(state.tickets['NX-2']).toMatchObject({ status: 'merged', verification: { skipped: true } });
    expect((await ws.git(['rev-parse', 'main'])).trim()).toBe(state.baseHead);
    expect(await ws.git(['show', 'main:libs/alpha/README.md'])).toBe('# alpha\n');
    expect(await ws.git(['show', 'main:libs/beta/README.md'])).toBe('# beta\n');

    expect(result.stdout).toContain(`Run ${state.runId} — finished`);
    expect(result.stdout).toContain('success 2/2 (100%)');
    expect(result.stdout).toContain('not verified (verify.targets is empty): NX-1, NX-2');
  });
});
