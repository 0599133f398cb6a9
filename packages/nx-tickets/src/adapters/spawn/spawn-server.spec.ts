import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, stat, writeFile } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { createTestGitRepo } from '@nx-tickets/testing/vitest';
import { afterEach, describe, expect, test } from 'vitest';
import { execGit, GitCommandError } from '../git/exec-git.js';
import { SpawnClient } from './spawn-client.js';
import { spawnClient, startSpawnServer, useSpawnServer, type SpawnServer } from './spawn-server.js';

let server: SpawnServer | undefined;
afterEach(async () => {
  useSpawnServer(undefined);
  await server?.close();
  server = undefined;
});

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('spawn server', () => {
  test('runs git for execGit with its output, stdin, exit codes and errors as a direct start would', async () => {
    const git = await createTestGitRepo({ files: { 'a.txt': 'a\n' } });
    server = await startSpawnServer();
    useSpawnServer(server.socketPath);
    expect(spawnClient()).toBeDefined();
    const head = (await git.git(['rev-parse', 'HEAD'])).trim();
    expect((await execGit(git.root, ['rev-parse', 'HEAD'])).stdout.trim()).toBe(head);
    // stdin reaches git, and the environment is the one execGit builds (LC_ALL=C).
    expect((await execGit(git.root, ['hash-object', '--stdin'], { input: 'hello\n' })).stdout.trim()).toBe('ce013625030ba8dba906f756967f9e9ca394464a');
    expect((await execGit(git.root, ['merge-base', '--is-ancestor', head, head], { okExitCodes: [1] })).exitCode).toBe(0);
    const failed = await execGit(git.root, ['rev-parse', '--verify', 'no-such-ref']).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(GitCommandError);
    expect((failed as GitCommandError).gitExitCode).toBe(128);
    expect((failed as GitCommandError).stderr).toContain('fatal: Needed a single revision');
  });

  test('signals a running program when its request is aborted', async () => {
    server = await startSpawnServer();
    const client = new SpawnClient(server.socketPath);
    try {
      const controller = new AbortController();
      const running = client.run({ file: process.execPath, args: ['-e', 'setTimeout(() => {}, 60_000)'], cwd: process.cwd(), env: { PATH: process.env['PATH'] ?? '' } }, controller.signal);
      await sleep(300);
      controller.abort();
      expect(await running).toMatchObject({ code: null, signal: 'SIGTERM' });
    } finally {
      client.close();
    }
  });

  test('after the server is gone, git starts from this thread again', async () => {
    const git = await createTestGitRepo({ files: { 'a.txt': 'a\n' } });
    server = await startSpawnServer();
    useSpawnServer(server.socketPath);
    await execGit(git.root, ['rev-parse', 'HEAD']);
    await server.close();
    server = undefined;
    // The closed connection is noticed by the first call that fails to reach it; later calls start git here.
    await execGit(git.root, ['rev-parse', 'HEAD']).catch(() => undefined);
    expect(spawnClient()).toBeUndefined();
    expect((await execGit(git.root, ['rev-parse', 'HEAD'])).exitCode).toBe(0);
  });

  test('tells when it was stopped from outside by SIGTERM (a process tree ended from its leaves up), not when it is closed', async () => {
    server = await startSpawnServer();
    const first = server;
    process.kill(first.pid, 'SIGTERM');
    await new Promise((resolve) => first.stoppedFromOutside.addEventListener('abort', resolve, { once: true }));
    expect(first.stoppedFromOutside.reason).toBe('SIGTERM');
    await first.close(); // its socket folder goes
    server = await startSpawnServer();
    const second = server;
    await second.close();
    server = undefined;
    expect(second.stoppedFromOutside.aborted).toBe(false);
  });

  test('ends by itself when the runner that started it is killed', async () => {
    const module = fileURLToPath(new URL('./spawn-server.js', import.meta.url)).replace('/src/', '/dist/');
    // A runner that starts a server, prints its pid and then waits to be killed.
    const script = `import(${JSON.stringify(module)}).then(async (m) => { const server = await m.startSpawnServer(); console.log(server.pid); setInterval(() => {}, 1000); });`;
    const runner = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const pid = await new Promise<number>((resolve) => runner.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim()))));
    runner.kill('SIGKILL');
    expect(pid).toBeGreaterThan(0);
    for (let i = 0; i < 100 && alive(pid); i += 1) await sleep(50);
    expect(alive(pid)).toBe(false);
  });

  test('listens in a folder only this user may enter, survives Ctrl-C and ignores lines that are not requests', async () => {
    const git = await createTestGitRepo({ files: { 'a.txt': 'a\n' } });
    server = await startSpawnServer();
    expect((await stat(dirname(server.socketPath))).mode & 0o777).toBe(0o700);
    // What a terminal's Ctrl-C sends to the runner's process group; the server is not stopped by it.
    process.kill(server.pid, 'SIGINT');
    process.kill(server.pid, 'SIGHUP');
    const raw = createConnection(server.socketPath);
    await new Promise((resolve) => raw.once('connect', resolve));
    raw.write('not json\n42\n');
    raw.destroy();
    useSpawnServer(server.socketPath);
    expect((await execGit(git.root, ['rev-parse', '--is-inside-work-tree'])).stdout.trim()).toBe('true');
    expect(alive(server.pid)).toBe(true);
    const folder = dirname(server.socketPath);
    await server.close();
    server = undefined;
    expect(existsSync(folder)).toBe(false);
  });

  test('removes the socket folder of a server killed with its runner', async () => {
    const stale = await mkdtemp(join(tmpdir(), 'nx-tickets-spawn-999999999-'));
    await writeFile(join(stale, 's.sock'), '');
    server = await startSpawnServer();
    expect(existsSync(stale)).toBe(false);
  });
});
