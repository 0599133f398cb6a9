import { describe, expect, test } from 'vitest';
import { isInfrastructureFailure } from './is-infrastructure-failure.js';

describe('isInfrastructureFailure', () => {
  test('retries crashed workers, git lock races and a busy Nx database', () => {
    expect(isInfrastructureFailure({ code: 'NX_TICKETS_WORKER_CRASHED', message: 'worker ran out of memory (heap limit 512 MiB)' })).toBe(true);
    expect(isInfrastructureFailure({ code: 'NX_TICKETS_NX_DATABASE_BUSY', message: 'nx affected -t test exited with code 1' })).toBe(true);
    expect(isInfrastructureFailure({ code: 'NX_TICKETS_GIT_FAILED', message: "fatal: Unable to create '/w/.git/config.lock': File exists." })).toBe(true);
  });

  test('does not retry the ticket\'s own failures', () => {
    expect(isInfrastructureFailure({ message: 'nx affected -t test exited with code 1' })).toBe(false);
    expect(isInfrastructureFailure({ message: 'implement command exited with code 2' })).toBe(false);
    expect(isInfrastructureFailure({ code: 'NX_TICKETS_GIT_FAILED', message: 'fatal: bad revision' })).toBe(false);
  });
});
