import { describe, expect, test } from 'vitest';
import { describeEvent } from './describe-event.js';

describe('describeEvent', () => {
  test('says what happened to a ticket in one line', () => {
    expect(describeEvent({ type: 'ticket:merged', at: 1, ticket: 'PROJ-1', sha: 'abcdef1234567890' })).toBe('PROJ-1  ✓ merged abcdef1234');
    expect(describeEvent({ type: 'ticket:conflict', at: 1, ticket: 'PROJ-2', files: ['a.ts', 'b.ts'] })).toBe('PROJ-2  ⚠ rebase conflict in a.ts, b.ts: set aside');
    expect(describeEvent({ type: 'sync:warning', at: 1, ticket: 'PROJ-3', update: 'merged', message: 'could not update PROJ-3 (merged): Jira answered 503' })).toBe(
      'PROJ-3  ⚠ could not update PROJ-3 (merged): Jira answered 503',
    );
  });

  test('tells a step the interruption cut short from a failed one, and names what the train committed', () => {
    expect(describeEvent({ type: 'step:end', at: 1, ticket: 'PROJ-1', step: 'implement', ok: false, detail: 'implement command was stopped', interrupted: true })).toBe('PROJ-1  ⏸ implement interrupted (resume runs it again)');
    expect(describeEvent({ type: 'step:end', at: 1, ticket: 'PROJ-1', step: 'verify', ok: false, detail: 'nx affected -t test exited with code 1' })).toBe('PROJ-1  ✗ verify: nx affected -t test exited with code 1');
    expect(describeEvent({ type: 'ticket:committed', at: 1, ticket: 'PROJ-2', head: 'abcdef1234567890', files: 2 })).toBe(
      'PROJ-2  ✓ committed what was left uncommitted in its worktree (2 file(s)): abcdef1234',
    );
  });

  test('leaves events only the dashboard and --json show', () => {
    expect(describeEvent({ type: 'run:end', at: 1 })).toBeUndefined();
    expect(describeEvent({ type: 'something:new', at: 1 })).toBeUndefined();
  });
});
