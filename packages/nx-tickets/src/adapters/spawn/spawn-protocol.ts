/**
 * The messages between a {@link SpawnClient} and the spawn server (spawn-server-script.ts): one JSON object per
 * line on a Unix socket.
 */

/** Run `file` with `args` (no shell) in `cwd` with exactly `env`, writing `input` to its stdin. */
export interface SpawnRequest {
  id: number;
  file: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  input?: string;
}

/** Send `signal` to the process of request `cancel`, if it still runs. */
export interface SpawnCancel {
  cancel: number;
  signal: NodeJS.Signals;
}

/** How request `id` ended: its output (UTF-8) and exit code or signal, or why it could not start. */
export interface SpawnReply {
  id: number;
  stdout: string;
  stderr: string;
  /** Exit code; `null` when killed by a signal or not started. */
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the process could not be started (`ENOENT`: no such program, …). */
  error?: { message: string; code?: string };
}
