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

  test('leaves events only the dashboard and --json show', () => {
    expect(describeEvent({ type: 'run:end', at: 1 })).toBeUndefined();
    expect(describeEvent({ type: 'something:new', at: 1 })).toBeUndefined();
  });
});
