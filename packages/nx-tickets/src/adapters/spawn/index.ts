/** spawn adapter: start short-lived processes (git) from a small server process instead of the runner. */
export * from './spawn-server.js';
export { SpawnClient, SpawnServerGoneError } from './spawn-client.js';
export type { SpawnReply, SpawnRequest } from './spawn-protocol.js';
