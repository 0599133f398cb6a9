import { describe, expect, test } from 'vitest';
import { classifyMergeFailure } from './classify-merge-failure.js';
import { toGitHubError } from './github-error.js';
import { formatPullRequestBody } from './format-pull-request-body.js';
import { pickMethod } from './merge-pull-request.js';
import { reviewersFrom } from './open-pull-request.js';
import { parseRemoteUrl } from './parse-remote-url.js';

describe('classifyMergeFailure', () => {
  test('tells what the train does about each refusal GitHub gives', () => {
    expect(classifyMergeFailure(405, 'Base branch was modified. Review and try the merge again.')).toBe('base-moved');
    expect(classifyMergeFailure(409, 'Head branch was modified. Review and try the merge again.')).toBe('head-moved');
    expect(classifyMergeFailure(405, 'Squash merges are not allowed on this repository.')).toBe('method-not-allowed');
    expect(classifyMergeFailure(405, 'Pull Request is still a draft')).toBe('draft');
    expect(classifyMergeFailure(405, 'Pull Request is not mergeable')).toBe('conflict');
    expect(classifyMergeFailure(405, 'Required status check "ci" is expected.')).toBe('checks');
    expect(classifyMergeFailure(500, 'Server Error')).toBe('other');
  });
});

describe('pickMethod', () => {
  test('keeps the configured method when allowed, else the first allowed', () => {
    expect(pickMethod('rebase', ['merge', 'rebase'])).toBe('rebase');
    expect(pickMethod('merge', ['squash'])).toBe('squash');
    expect(pickMethod(undefined, [])).toBeUndefined();
  });
});

describe('parseRemoteUrl', () => {
  test('reads owner and repository from https, scp-like and ssh URLs', () => {
    expect(parseRemoteUrl('https://github.com/acme/app.git')).toEqual({ owner: 'acme', repo: 'app' });
    expect(parseRemoteUrl('git@github.com:acme/app.git')).toEqual({ owner: 'acme', repo: 'app' });
    expect(parseRemoteUrl('ssh://git@ghe.example.com/acme/app')).toEqual({ owner: 'acme', repo: 'app' });
    expect(parseRemoteUrl('/tmp/origin.git')).toBeUndefined();
  });
});

describe('reviewersFrom', () => {
  test('maps CODEOWNERS owners to users and team slugs, skipping the author and e-mails', () => {
    expect(reviewersFrom(['@alice', '@Bot', '@acme/web', 'dev@example.com', '@alice'], 'bot')).toEqual({ users: ['alice'], teams: ['web'] });
  });
});

describe('formatPullRequestBody', () => {
  test('lists predicted versus actual files, the verification and the issue it closes', () => {
    const body = formatPullRequestBody({
      key: '#42',
      title: 'Add avatars',
      branch: 'feature/42-add-avatars',
      head: 'abc',
      worktree: '/w',
      ticketUrl: 'https://github.com/acme/app/issues/42',
      closes: [42],
      predictedFiles: ['apps/web/src/profile.ts', 'libs/avatar/src/upload.ts'],
      actualFiles: ['apps/web/src/profile.ts', 'apps/web/src/avatar.css'],
      verification: { targets: ['test'], projects: ['web'], skipped: false },
    });
    expect(body).toMatchInlineSnapshot(`
      "Ticket: [#42](https://github.com/acme/app/issues/42)

      ### Files

      | file | predicted | changed |
      | --- | --- | --- |
      | \`apps/web/src/avatar.css\` | no | yes |
      | \`apps/web/src/profile.ts\` | yes | yes |
      | \`libs/avatar/src/upload.ts\` | yes | no |

      ### Verification

      \`nx affected -t test\` passed for web

      Closes #42

      <sub>Opened by nx-tickets.</sub>
      "
    `);
  });
});

describe('toGitHubError', () => {
  test('gives a rate limit its own code, so the run retries the ticket later, and redacts the token', () => {
    const limited = Object.assign(new Error('You have exceeded a secondary rate limit (token ghp_secret123)'), { status: 403 });
    const error = toGitHubError(limited, 'open the pull request of A-1', 'ghp_secret123', 'A-1');
    expect(error.code).toBe('NX_TICKETS_GITHUB_RATE_LIMITED');
    expect(error.message).not.toContain('ghp_secret123');
    expect(toGitHubError(Object.assign(new Error('Resource not accessible'), { status: 403 }), 'x', undefined).code).toBe('NX_TICKETS_GITHUB_FORBIDDEN');
  });
});
