import { connect, type Socket } from 'node:net';
import type { SpawnReply, SpawnRequest } from './spawn-protocol.js';

type Pending = { resolve: (reply: SpawnReply) => void; reject: (error: Error) => void };

/** The spawn server went away before it answered (the request may or may not have run). */
export class SpawnServerGoneError extends Error {
  override readonly name = 'SpawnServerGoneError';
  /** False when the connection never opened: the request was not sent, so nothing ran. */
  readonly sent: boolean;

  constructor(message: string, sent: boolean) {
    super(message);
    this.sent = sent;
  }
}

/**
 * One thread's connection to the spawn server (see `startSpawnServer`): sends requests over the
 * Unix socket at `socketPath` and resolves each with the server's reply. Connects on first use;
 * keeps the event loop alive only while requests are pending.
 */
export class SpawnClient {
  readonly #pending = new Map<number, Pending>();
  #socket: Socket | undefined;
  #nextId = 1;
  #buffer = '';
  /** Set once the connection failed or closed: callers start processes themselves from then on. */
  #broken = false;

  constructor(readonly socketPath: string) {}

  /** Whether requests can still be sent (false after the connection failed or closed). */
  get usable(): boolean {
    return !this.#broken;
  }

  /**
   * Run a program through the server.
   *
   * @param signal aborting sends SIGTERM to the program (the reply then says so).
   * @throws SpawnServerGoneError when the connection fails or closes before the reply.
   */
  run(request: Omit<SpawnRequest, 'id'>, signal?: AbortSignal): Promise<SpawnReply> {
    const socket = this.#connect();
    const id = this.#nextId++;
    return new Promise<SpawnReply>((resolve, reject) => {
      const onAbort = (): void => void socket.write(`${JSON.stringify({ cancel: id, signal: 'SIGTERM' })}\n`);
      this.#pending.set(id, {
        resolve: (reply) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(reply);
        },
        reject: (error) => {
          signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
      });
      socket.ref();
      socket.write(`${JSON.stringify({ ...request, id } satisfies SpawnRequest)}\n`);
      if (signal?.aborted) onAbort();
      else signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Close the connection (pending requests fail with {@link SpawnServerGoneError}). */
  close(): void {
    this.#socket?.destroy();
  }

  #connect(): Socket {
    if (this.#socket) return this.#socket;
    const socket = connect(this.socketPath);
    this.#socket = socket;
    let connected = false;
    socket.once('connect', () => {
      connected = true;
    });
    socket.setEncoding('utf8');
    socket.unref();
    socket.on('data', (chunk: string) => {
      this.#buffer += chunk;
      for (let end = this.#buffer.indexOf('\n'); end >= 0; end = this.#buffer.indexOf('\n')) {
        const reply = JSON.parse(this.#buffer.slice(0, end)) as SpawnReply;
        this.#buffer = this.#buffer.slice(end + 1);
        const pending = this.#pending.get(reply.id);
        this.#pending.delete(reply.id);
        if (this.#pending.size === 0) socket.unref();
        pending?.resolve(reply);
      }
    });
    const fail = (error?: Error): void => {
      this.#broken = true;
      const gone = new SpawnServerGoneError(`the process that starts git for this run ended${error ? ` (${error.message})` : ''}`, connected);
      for (const pending of this.#pending.values()) pending.reject(gone);
      this.#pending.clear();
    };
    socket.on('error', fail);
    socket.on('close', () => fail());
    return socket;
  }
}
