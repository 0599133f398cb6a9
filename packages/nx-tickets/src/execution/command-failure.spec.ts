import { describe, expect, test } from 'vitest';
import { commandFailure, describeEnd, stoppedFromOutside, type CommandEnd } from './command-failure.js';
import { cutByInterruption } from './cut-by-interruption.js';

const end = (overrides: Partial<CommandEnd>): CommandEnd => ({ exitCode: null, signal: null, timedOut: false, aborted: false, memoryExceeded: false, ...overrides });

describe('stoppedFromOutside', () => {
  test.each([
    [{ signal: 'SIGTERM' }, 'SIGTERM'],
    [{ signal: 'SIGINT' }, 'SIGINT'],
    [{ signal: 'SIGHUP' }, 'SIGHUP'],
    [{ exitCode: 143 }, 'SIGTERM'],
    [{ exitCode: 130 }, 'SIGINT'],
    [{ exitCode: 129 }, 'SIGHUP'],
  ] as const)('%o was stopped from outside by %s', (how, signal) => {
    expect(stoppedFromOutside(end(how))).toBe(signal);
  });

  test.each([
    { exitCode: 1 },
    { exitCode: 137 },
    { signal: 'SIGKILL' },
    { signal: 'SIGSEGV' },
    { signal: 'SIGTERM', aborted: true },
    { signal: 'SIGTERM', timedOut: true },
    { signal: 'SIGKILL', memoryExceeded: true },
  ])('%o was not (a failure of its own, or stopped by nx-tickets)', (how) => {
    expect(stoppedFromOutside(end(how))).toBeUndefined();
  });
});

describe('commandFailure', () => {
  test('says how the command ended, and who stopped it', () => {
    expect(commandFailure('implement command', end({ signal: 'SIGTERM' }))).toEqual({ message: 'implement command was killed by SIGTERM', stoppedBy: 'SIGTERM' });
    expect(commandFailure('nx affected -t test', end({ exitCode: 1 }))).toEqual({ message: 'nx affected -t test exited with code 1' });
    expect(describeEnd(end({ signal: 'SIGTERM', aborted: true }))).toBe('was stopped');
  });
});

describe('cutByInterruption', () => {
  test('a failure after the run was interrupted is the interruption', async () => {
    const controller = new AbortController();
    controller.abort('SIGINT');
    expect(await cutByInterruption({}, controller.signal)).toBe(true);
  });

  test('a command stopped from outside is the interruption when the run hears of it next', async () => {
    const controller = new AbortController();
    const decided = cutByInterruption({ stoppedBy: 'SIGTERM' }, controller.signal);
    setTimeout(() => controller.abort('SIGTERM'), 20);
    expect(await decided).toBe(true);
  });

  test('a failure of its own is not, and is not held', async () => {
    const controller = new AbortController();
    expect(await cutByInterruption({}, controller.signal)).toBe(false);
  });
});
