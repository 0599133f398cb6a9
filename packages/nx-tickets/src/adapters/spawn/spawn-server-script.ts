/**
 * The spawn server's program, run as `node -e SPAWN_SERVER_SCRIPT <socket path>` (plain CommonJS
 * in a string, like the project-graph process: nothing to resolve from `dist/` or `src/`).
 *
 * It listens on the Unix socket (in a private 0700 folder it removes when it ends), answers `ready` over IPC, and for each request line
 * (`SpawnRequest`, see spawn-protocol.ts) starts the program without a shell and writes back one
 * `SpawnReply` line; a `SpawnCancel` line signals a running program. It ends when the runner goes
 * away (IPC disconnect) and the processes it started have ended — it never kills them on its own:
 * a git command cut short does more harm than one that finishes.
 */
export const SPAWN_SERVER_SCRIPT = String.raw`
'use strict';
const { spawn } = require('node:child_process');
const { rmSync } = require('node:fs');
const { dirname } = require('node:path');
const { createServer } = require('node:net');
const socketPath = process.argv[1];
let running = 0;
let disconnected = false;
// The socket's private folder goes with the server.
const exitWhenDone = () => {
  if (!disconnected || running > 0) return;
  rmSync(dirname(socketPath), { recursive: true, force: true });
  process.exit(0);
};
// Ctrl-C and a closed terminal are for the runner, which saves its state and disconnects: the git
// commands in flight finish, and so does this server after them.
process.on('SIGINT', () => {});
process.on('SIGHUP', () => {});
const server = createServer((socket) => {
  const children = new Map();
  let buffer = '';
  socket.setEncoding('utf8');
  socket.on('error', () => {});
  const start = (request) => {
    running += 1;
    let settled = false;
    const stdout = [];
    const stderr = [];
    const settle = (reply) => {
      if (settled) return;
      settled = true;
      running -= 1;
      children.delete(request.id);
      if (!socket.destroyed) socket.write(JSON.stringify(Object.assign({ id: request.id }, reply)) + '\n');
      exitWhenDone();
    };
    const failed = (error) => settle({ stdout: '', stderr: '', code: null, signal: null, error: { message: error.message, code: error.code } });
    let child;
    try {
      // No stdin pipe unless there is input: one pipe and one stream less per git process.
      child = spawn(request.file, request.args, { cwd: request.cwd, env: request.env, stdio: [request.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    } catch (error) {
      return failed(error);
    }
    children.set(request.id, child);
    child.stdout.on('data', (data) => stdout.push(data));
    child.stderr.on('data', (data) => stderr.push(data));
    if (child.stdin) {
      child.stdin.on('error', () => {});
      child.stdin.end(request.input);
    }
    child.on('error', failed);
    child.on('close', (code, signal) => settle({ stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8'), code, signal }));
  };
  socket.on('data', (chunk) => {
    buffer += chunk;
    for (let end = buffer.indexOf('\n'); end >= 0; end = buffer.indexOf('\n')) {
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + 1);
      let message;
      try {
        message = JSON.parse(line);
      } catch {
        continue; // not ours: ignored
      }
      if (typeof message !== 'object' || message === null) continue;
      if (message.cancel !== undefined) {
        const child = children.get(message.cancel);
        if (child) child.kill(message.signal);
      } else start(message);
    }
  });
});
server.listen(socketPath, () => process.send('ready'));
process.on('disconnect', () => {
  disconnected = true;
  server.close();
  exitWhenDone();
});
`;
