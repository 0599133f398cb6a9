/** Where a command writes and what it knows about its process: injected so tests run in-process. */
export interface CliIo {
  stdout: OutputStream;
  stderr: OutputStream;
  /** Environment variables (`NO_COLOR`, `FORCE_COLOR`, `TERM`). */
  env: Readonly<Record<string, string | undefined>>;
  /** Directory the command was started in. */
  cwd: string;
  /** Aborted on SIGINT, SIGTERM or SIGHUP: a run stops starting work, kills its children, saves its state (exit 130). */
  signal?: AbortSignal;
}

/** The part of a writable stream the commands use. */
export interface OutputStream {
  write(text: string): unknown;
  /** `true` when the stream is a terminal. */
  isTTY?: boolean;
}

/** The real process: its streams, environment and working directory. */
export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}
