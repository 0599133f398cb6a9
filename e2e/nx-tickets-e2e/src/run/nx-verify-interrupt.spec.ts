import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { TEST_ENV, type CommandResult } from '../run-command.js';
import { createRunWorkspace, testedProject, waitUntil, type RunWorkspace } from './run-workspace.js';

let ws: RunWorkspace;
let marker: string;

/** A test that waits 30 s the first time it runs after XV-1's change (the marker is written first). */
const slowOnce = (markerPath: string) => `import { existsSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import test from 'node:test';

test('slow once', () => {
  if (!existsSync(${JSON.stringify(markerPath)})) {
    writeFileSync(${JSON.stringify(markerPath)}, String(process.pid));
    const slept = spawnSync('sleep', ['30']);
    if (slept.signal) throw new Error('stopped by ' + slept.signal);
  }
});
`;

beforeAll(async () => {
  ws = await createRunWorkspace({
    projects: [testedProject('alpha', 'libs/alpha', { 'src/base.mjs': 'export const base = 0;\n' })],
    tickets: [{ key: 'XV-1', title: 'A change whose tests Nx stops', files: ['libs/alpha/src/slow.test.mjs'] }],
    changes: (scratch) => ({ 'XV-1': [{ file: 'libs/alpha/src/slow.test.mjs', write: slowOnce((marker = join(scratch, 'xv-1-testing'))) }] }),
    verifyTargets: ['test'],
  });
});
afterAll(() => ws?.cleanup());

describe('nx run-tickets stopped while a ticket is verified', () => {
  test('SIGTERM to nx alone: Nx stops the tests before the runner, and the ticket is interrupted, not failed', async () => {
    const nx = join(ws.root, 'node_modules', '.bin', 'nx');
    const child = spawn(nx, ['run-tickets', '--', 'XV-1'], { cwd: ws.root, env: TEST_ENV, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const done = new Promise<CommandResult>((resolve) => child.on('close', (code) => resolve({ exitCode: code ?? 128, stdout: output, stderr: '' })));
    await waitUntil(() => existsSync(marker));
    const runner = (await ws.state()).runId;
    process.kill(child.pid as number, 'SIGTERM');
    const result = await done;
    expect(result.exitCode, result.stdout).not.toBe(0);
    await waitUntil(async () => (await ws.state(runner)).status !== 'running');
    const state = await ws.state();
    expect(state.status, result.stdout).toBe('interrupted');
    expect(state.tickets['XV-1']?.status, JSON.stringify(state.tickets['XV-1'])).toBe('running');
    const resumed = await ws.nxTickets(['resume']);
    expect(resumed.exitCode, resumed.stdout + resumed.stderr).toBe(0);
    expect((await ws.state()).tickets['XV-1']?.status).toBe('merged');
  });
});
