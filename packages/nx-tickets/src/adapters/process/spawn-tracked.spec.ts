import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { spawnTracked } from './spawn-tracked.js';
import { killAllTracked, trackedProcessGroups } from './tracked-process-groups.js';

const node = process.execPath;
let folder: string;
let logFile: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'nx-tickets-spawn-'));
  logFile = join(folder, 'logs', 'PROJ-1', 'implement.log');
});
afterEach(async () => {
  killAllTracked('SIGKILL');
  await rm(folder, { recursive: true, force: true });
});

/** A node child that starts a grandchild in its process group, logs `grandchild <pid>`, then waits. */
const WITH_GRANDCHILD = `
  const { spawn } = require('node:child_process');
  const grandchild = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  console.log('grandchild ' + grandchild.pid);
  setInterval(() => {}, 1000);`;

async function grandchildPid(): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const match = /grandchild (\d+)/.exec(existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');
    if (match) return Number(match[1]);
    await sleep(50);
  }
  throw new Error('the grandchild did not start');
}

/** Gone or a zombie (killed, waiting for init to reap it). */
async function isGone(pid: number): Promise<boolean> {
  for (let attempt = 0; attempt < 40; attempt++) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
    if (stat === undefined || stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) return true;
    await sleep(50);
  }
  return false;
}

describe('spawnTracked', () => {
  test('logs a header, the output and how the command ended', async () => {
    const result = await spawnTracked([node, '-e', 'console.log("out"); console.error("err"); process.exit(3)'], { cwd: folder, logFile });
    expect(result).toMatchObject({ exitCode: 3, signal: null, timedOut: false, aborted: false, memoryExceeded: false });
    const lines = (await readFile(logFile, 'utf8')).trim().split('\n');
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z \$ \S+ -e 'console\.log\("out"\); console\.error\("err"\); process\.exit\(3\)'$/);
    expect(lines.slice(1, 3).sort()).toEqual(['err', 'out']);
    expect(lines[3]).toMatch(/^# exit code 3 after \d+ ms \(peak memory \d+ MiB\)$/);
  });

  test('passes hostile argv elements to the program literally, without a shell', async () => {
    const marker = join(folder, 'pwned-x');
    const hostile = [`$(touch ${marker})`, `; touch ${marker}`, `\`touch ${marker}\``, '--upload-pack=evil'];
    const result = await spawnTracked([node, '-e', 'console.log(JSON.stringify(process.argv.slice(1)))', ...hostile], { cwd: folder, logFile });
    expect(result.exitCode).toBe(0);
    expect((await readFile(logFile, 'utf8')).split('\n')).toContain(JSON.stringify(hostile));
    expect(existsSync(marker)).toBe(false);
  });

  test('merges env over the parent environment and removes undefined keys', async () => {
    process.env['NX_TICKETS_SPEC_PARENT'] = 'parent';
    const script = 'console.log([process.env.TICKET_KEY, process.env.NX_TICKETS_SPEC_PARENT, process.env.PATH === undefined].join(","))';
    await spawnTracked([node, '-e', script], { cwd: folder, logFile, env: { TICKET_KEY: 'PROJ-1', NX_TICKETS_SPEC_PARENT: undefined } });
    delete process.env['NX_TICKETS_SPEC_PARENT'];
    expect(await readFile(logFile, 'utf8')).toContain('\nPROJ-1,,false\n');
  });

  test('kills the whole process group on timeout, grandchild included', async () => {
    const running = spawnTracked([node, '-e', WITH_GRANDCHILD], { cwd: folder, logFile, timeoutMs: 1500 });
    const pid = await grandchildPid();
    expect(() => process.kill(pid, 0)).not.toThrow();
    const result = await running;
    expect(result).toMatchObject({ timedOut: true, exitCode: null, signal: 'SIGTERM', aborted: false });
    expect(await isGone(pid)).toBe(true);
    expect(await readFile(logFile, 'utf8')).toMatch(/# killed by SIGTERM: timed out after 1500 ms/);
  });

  test('sends SIGKILL after the grace period to a program that ignores SIGTERM', async () => {
    const stubborn = `process.on('SIGTERM', () => console.log('ignored')); ${WITH_GRANDCHILD}`;
    const running = spawnTracked([node, '-e', stubborn], { cwd: folder, logFile, timeoutMs: 1000, graceMs: 300 });
    const pid = await grandchildPid();
    expect(await running).toMatchObject({ timedOut: true, signal: 'SIGKILL' });
    expect(await isGone(pid)).toBe(true);
  });

  test('kills the group on abort', async () => {
    const controller = new AbortController();
    const running = spawnTracked([node, '-e', WITH_GRANDCHILD], { cwd: folder, logFile, signal: controller.signal });
    const pid = await grandchildPid();
    controller.abort();
    expect(await running).toMatchObject({ aborted: true, timedOut: false, signal: 'SIGTERM' });
    expect(await isGone(pid)).toBe(true);
  });

  test('starts nothing when already aborted', async () => {
    const result = await spawnTracked([node, '-e', 'require("fs").writeFileSync("ran", "")'], { cwd: folder, logFile, signal: AbortSignal.abort() });
    expect(result).toMatchObject({ aborted: true, exitCode: null });
    expect(existsSync(join(folder, 'ran'))).toBe(false);
  });

  test('kills a child that goes above the memory limit', async () => {
    const hog = 'const keep = []; for (let i = 0; i < 30; i++) keep.push(Buffer.alloc(10 * 1024 * 1024, 1)); setInterval(() => {}, 1000);';
    const result = await spawnTracked([node, '-e', hog], { cwd: folder, logFile, memoryLimitMb: 150, timeoutMs: 20_000 });
    expect(result).toMatchObject({ memoryExceeded: true, timedOut: false, exitCode: null });
    expect(result.peakMemoryMb).toBeGreaterThan(150);
    expect(await readFile(logFile, 'utf8')).toMatch(/: memory above 150 MiB after/);
  });

  test('counts the memory of every process in the group', async () => {
    const hogInGrandchild = `
      const { spawn } = require('node:child_process');
      spawn(process.execPath, ['-e', 'const k = []; for (let i = 0; i < 30; i++) k.push(Buffer.alloc(10 * 1024 * 1024, 1)); setInterval(() => {}, 1000)'], { stdio: 'inherit' });
      setInterval(() => {}, 1000);`;
    const result = await spawnTracked([node, '-e', hogInGrandchild], { cwd: folder, logFile, memoryLimitMb: 150, timeoutMs: 20_000 });
    expect(result).toMatchObject({ memoryExceeded: true, timedOut: false });
  });

  test('lists live groups and kills them all for a shutdown', async () => {
    const running = spawnTracked([node, '-e', WITH_GRANDCHILD], { cwd: folder, logFile });
    const pid = await grandchildPid();
    expect(trackedProcessGroups()).toEqual([expect.objectContaining({ argv: [node, '-e', WITH_GRANDCHILD], cwd: folder })]);
    expect(killAllTracked('SIGTERM')).toBe(1);
    expect(await running).toMatchObject({ aborted: true, signal: 'SIGTERM' });
    expect(await isGone(pid)).toBe(true);
    expect(trackedProcessGroups()).toEqual([]);
  });

  test('names a program that does not exist', async () => {
    await expect(spawnTracked(['nx-tickets-no-such-program', '--version'], { cwd: folder, logFile })).rejects.toMatchObject({
      code: 'NX_TICKETS_COMMAND_NOT_FOUND',
      message: 'command not found: nx-tickets-no-such-program',
      hint: expect.stringContaining('without a shell'),
    });
    expect(await readFile(logFile, 'utf8')).toMatch(/ \$ nx-tickets-no-such-program --version\n# not started: command not found: nx-tickets-no-such-program\n$/);
  });

  test('says when the working directory is missing', async () => {
    await expect(spawnTracked([node, '--version'], { cwd: join(folder, 'gone'), logFile })).rejects.toMatchObject({
      code: 'NX_TICKETS_COMMAND_NOT_STARTED',
      message: `working directory ${join(folder, 'gone')} does not exist`,
    });
  });
});
