import stringWidth from 'string-width';
import { describe, expect, test } from 'vitest';
import { buildPlan } from '../planning/build-plan.js';
import { createRunState } from '../run/create-run-state.js';
import { options, ticket, workspace } from '../testing/fixtures.js';
import { formatRunSummary } from './format-run-summary.js';

function finishedRun() {
  const plan = buildPlan({ tickets: [ticket('A-1', { files: ['libs/auth/src/login.ts'] }), ticket('A-2', { files: ['apps/admin/src/main.ts'] })], workspace: workspace(), options: options({ maxThreads: 1 }) });
  const state = createRunState({ runId: 'r1', plan, baseStart: 'b0', now: 0, limits: { maxThreads: 1, resources: {} }, unknownFootprint: 'serialize' });
  Object.assign(state.tickets['A-1'] as object, { status: 'merged', startedAt: 0, finishedAt: 60_000, mergedSha: 'abcdef1234567890' });
  Object.assign(state.tickets['A-2'] as object, {
    status: 'failed', startedAt: 0, finishedAt: 30_000, worktree: '/ws/.nx/tickets/worktrees/A-2',
    error: { step: 'verify', message: 'nx affected -t test exited with code 1', logFile: '/ws/.nx/tickets/runs/r1/logs/A-2/verify.log' },
  });
  state.status = 'finished';
  state.warnings = ['could not update A-1 (merged): Jira answered 503'];
  return state;
}

describe('formatRunSummary', () => {
  test('says what to do next for a failed ticket, and shows the run warnings', () => {
    const text = formatRunSummary(finishedRun(), 60_000);
    expect(text).toContain('A-2: nx affected -t test exited with code 1 (log: /ws/.nx/tickets/runs/r1/logs/A-2/verify.log)\n    fix it (its worktree: /ws/.nx/tickets/worktrees/A-2), then `nx-tickets retry A-2`');
    expect(text).toContain('warning: could not update A-1 (merged): Jira answered 503');
    expect(text).toContain('of 1 thread\n');
  });

  test('says what retry does to a ticket that failed at implement, and how to change its command', () => {
    const state = finishedRun();
    Object.assign(state.tickets['A-2'] as object, { error: { step: 'implement', message: 'implement command exited with code 1', logFile: '/ws/.nx/tickets/runs/r1/logs/A-2/implement.log' } });
    const text = formatRunSummary(state, 60_000);
    expect(text).toContain(
      'A-2: implement command exited with code 1 (log: /ws/.nx/tickets/runs/r1/logs/A-2/implement.log)\n' +
        '    `nx-tickets retry A-2` runs the implement command again from a clean worktree (/ws/.nx/tickets/worktrees/A-2; uncommitted changes there are kept in git stash, commits under refs/nx-tickets/kept/; the implement log says how to get them back)\n' +
        '    to change the command or the ticket, edit it and start a new `nx-tickets run A-2`',
    );
    expect(text).not.toContain('fix it');
  });

  test('a run that ended with its train on hold does not just say finished', () => {
    const state = finishedRun();
    Object.assign(state.tickets['A-2'] as object, { status: 'built', error: undefined });
    state.trainStopped = 'main is checked out in /ws with uncommitted changes (x.ts)';
    const text = formatRunSummary(state, 60_000);
    expect(text.split('\n')[0]).toBe('Run r1 — finished with the merge train on hold');
    expect(text).toMatch(/A-2 .*built, waiting for the merge train/);
  });

  test('aligns the columns after a branch name with wide characters by display width', () => {
    const state = finishedRun();
    Object.assign(state.tickets['A-1'] as object, { branch: 'feature/A-1-日本語のタイトル' });
    Object.assign(state.tickets['A-2'] as object, { branch: 'feature/A-2-🚀' });
    const lines = formatRunSummary(state, 60_000).split('\n');
    const header = lines[1] as string;
    const rows = lines.filter((line) => /^A-\d /.test(line));
    expect(rows).toHaveLength(2);
    const column = stringWidth(header.slice(0, header.indexOf('merged / reason')));
    expect(stringWidth((rows[0] as string).slice(0, (rows[0] as string).indexOf('abcdef1234')))).toBe(column);
    expect(stringWidth((rows[1] as string).slice(0, (rows[1] as string).indexOf('nx affected')))).toBe(column);
  });

  test('an interrupted run says its running tickets were stopped, and resume continues them', () => {
    const state = finishedRun();
    Object.assign(state.tickets['A-2'] as object, { status: 'running', step: 'implement', error: undefined, finishedAt: undefined });
    state.status = 'interrupted';
    expect(formatRunSummary(state, 60_000)).toMatch(/A-2 .*stopped by the interruption; resume continues it/);
  });
});
