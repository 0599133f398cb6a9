// Test worker for piscina-task-pool.spec.ts. Plain JS: vitest does not transform worker threads.
// The spec copies it next to a transpiled worker-channel.mjs in a temp folder.
import { setTimeout as sleep } from 'node:timers/promises';
import { withEventPort } from './worker-channel.mjs';

const behaviours = {
  async events(task, emit) {
    for (let index = 0; index < task.count; index++) emit({ index });
    return `sent ${task.count}`;
  },
  async sleep(task) {
    await sleep(task.ms);
    return `slept ${task.ms}`;
  },
  async exit(task) {
    await sleep(50);
    process.exit(task.code);
  },
  async uncaught() {
    setTimeout(() => {
      throw new Error('boom later');
    }, 10);
    await sleep(5000);
  },
  async throw() {
    throw new TypeError('bad input');
  },
  async throwNx(task, emit) {
    emit('before');
    throw Object.assign(new Error('command not found: nope'), { code: 'NX_TICKETS_COMMAND_NOT_FOUND', hint: 'install nope', ticket: 'PROJ-9' });
  },
  async oom() {
    const keep = [];
    for (;;) keep.push(new Array(100_000).fill({ value: Math.random() }));
  },
  async cooperate(task, emit, signal) {
    emit('started');
    await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
    emit(`stopping: ${signal.reason.message}`);
    return 'stopped';
  },
  async ignoreAbort(task, emit) {
    emit('started');
    await sleep(60_000);
  },
};

export default function (envelope) {
  if (envelope.task.kind === 'raw') return 'not an outcome';
  return withEventPort(envelope, (emit, task, signal) => behaviours[task.kind](task, emit, signal));
}
