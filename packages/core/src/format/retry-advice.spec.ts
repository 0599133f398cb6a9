import { describe, expect, test } from 'vitest';
import { retryAdviceMarkdown } from './retry-advice.js';

const failed = (status: 'failed' | 'blocked' | 'conflict', step: string) => ({ type: 'failed' as const, key: 'WEB-7', status, step, reason: 'r' });

describe('retryAdvice', () => {
  test('a failed implement step: retry runs the command again, a changed ticket needs a new run', () => {
    expect(retryAdviceMarkdown(failed('failed', 'implement'))).toBe(
      '`nx-tickets retry WEB-7` runs the implement command again from a clean worktree (changes made there are kept: see the implement log). To change the ticket or its command, edit it and start a new `nx-tickets run WEB-7`.',
    );
  });

  test('another failed step: fix it in the worktree, then retry', () => {
    expect(retryAdviceMarkdown(failed('failed', 'verify'))).toBe('Fix it in its worktree, then run `nx-tickets retry WEB-7` (it verifies and commits what is there).');
  });

  test('set aside: resolve the conflict, then retry; blocked: retry the ticket it waits for', () => {
    expect(retryAdviceMarkdown(failed('conflict', 'merge'))).toBe('Resolve the conflict in its worktree (`nx-tickets status` shows the commands), then run `nx-tickets retry WEB-7`.');
    expect(retryAdviceMarkdown(failed('blocked', 'implement'))).toBe('It waits for a ticket it depends on. Once that one is fixed, retrying it (`nx-tickets retry <its key>`) unblocks this one too.');
  });
});
