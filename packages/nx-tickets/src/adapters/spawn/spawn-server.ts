import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isProcessAlive } from '../process/is-process-alive.js';
import { SpawnClient } from './spawn-client.js';
import { SPAWN_SERVER_SCRIPT } from './spawn-server-script.js';

/** A running spawn server: the socket its clients connect to, and how to let it end. */
export interface SpawnServer {
  /** Unix socket path (in a private folder of the OS temp folder), for {@link useSpawnServer} in any thread. */
  socketPath: string;
  /** The server's process id. */
  pid: number;
  /** Disconnect: the server ends once the processes it started have ended. */
  close: () => Promise<void>;
  /**
   * Aborted (reason: `SIGTERM`) when the server was killed by SIGTERM before `close`. Nothing in
   * nx-tickets sends it one, and its own process group keeps group-wide signals out: it is the
   * runner's process tree being stopped from outside — Nx ends its task's tree from the leaves up,
   * and the idle server is a leaf — which the runner hears of only after its commands have died.
   */
  stoppedFromOutside: AbortSignal;
}

/**
 * Start the spawn server: a small Node process (≈ 40 MiB) that starts the run's git processes.
 *
 * Why: Node starts a child process with `fork()` + `exec()` on the calling thread, and `fork()`
 * copies the page tables of the whole process. With the pool's worker threads loaded, every `git`
 * the runner started blocked its event loop ~3× longer than from a bare process (≈ 10 ms instead of
 * 3.5 ms here, nodejs/node#14917), and a run starts some 700 of them. The server forks from a small
 * heap instead. There is no maintained library for this (node-spawn-async is unmaintained).
 *
 * @returns once the server listens.
 * @throws Error when the server process cannot start or does not answer within 10 s.
 */
export async function startSpawnServer(): Promise<SpawnServer> {
  await removeStaleSocketFolders();
  // A folder only this user may enter (mkdtemp makes it 0700): nobody else can reach the socket,
  // whatever the umask.
  const folder = await mkdtemp(join(tmpdir(), `${FOLDER_PREFIX}${process.pid}-`));
  const socketPath = join(folder, 's.sock');
  // No inherited --inspect, --cpu-prof or loaders: the server is plain Node with a small heap. In a
  // process group of its own: Ctrl-C or a closed terminal reach the runner, not the git commands in
  // flight (the server ends after them when the runner disconnects).
  const child = spawn(process.execPath, ['--max-old-space-size=64', '-e', SPAWN_SERVER_SCRIPT, socketPath], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], env: { ...process.env, NODE_OPTIONS: '' }, detached: true });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error('the spawn server did not start within 10 s')), 10_000);
    const fail = (error: Error): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      void rm(folder, { recursive: true, force: true }).finally(() => reject(error));
    };
    child.once('message', () => {
      clearTimeout(timer);
      resolve();
    });
    child.once('error', fail);
    child.once('exit', (code, signal) => fail(new Error(`the spawn server exited (${signal ?? `code ${String(code)}`}) before it listened`)));
  });
  child.removeAllListeners('exit');
  child.removeAllListeners('error');
  child.on('error', () => undefined);
  const stopped = new AbortController();
  let closing = false;
  child.once('exit', (_code, signal) => {
    if (!closing && signal === 'SIGTERM') stopped.abort(signal);
  });
  // The runner may end without close() (an uncaught error): the server must not keep it alive.
  child.unref();
  child.channel?.unref();
  return {
    socketPath,
    pid: child.pid as number,
    stoppedFromOutside: stopped.signal,
    close: async () => {
      closing = true;
      child.ref(); // wait for it below: an unreferenced child's exit would not keep us alive
      if (child.connected) child.disconnect();
      await new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
      await rm(folder, { recursive: true, force: true });
    },
  };
}

/** Folders of spawn servers in the temp folder: `nx-tickets-spawn-<runner pid>-<random>`. */
const FOLDER_PREFIX = 'nx-tickets-spawn-';

/**
 * Remove the socket folders of servers killed together with their runner (`kill -9` of the process
 * group): a folder whose runner process is gone and whose socket nobody answers on. Folders of
 * other users cannot be removed and are left alone.
 */
async function removeStaleSocketFolders(): Promise<void> {
  const names = await readdir(tmpdir()).catch(() => [] as string[]);
  await Promise.all(
    names.map(async (name) => {
      const pid = Number(/^nx-tickets-spawn-(\d+)-/.exec(name)?.[1]);
      if (!pid || isProcessAlive(pid)) return;
      const folder = join(tmpdir(), name);
      if (await answers(join(folder, 's.sock'))) return;
      await rm(folder, { recursive: true, force: true }).catch(() => undefined);
    }),
  );
}


/** Whether a server listens on the socket (a runner whose pid was reused, or still ending). */
function answers(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection(socketPath);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

let client: SpawnClient | undefined;

/**
 * Send this thread's git processes through the spawn server at `socketPath` (see
 * {@link startSpawnServer}); `undefined` goes back to starting them directly. Each thread (the
 * main thread, every pool worker) calls it for itself.
 */
export function useSpawnServer(socketPath: string | undefined): void {
  if (client?.socketPath === socketPath) return;
  client?.close();
  client = socketPath ? new SpawnClient(socketPath) : undefined;
}

/** This thread's connection to the spawn server, when one is in use and still usable. */
export function spawnClient(): SpawnClient | undefined {
  return client?.usable ? client : undefined;
}
