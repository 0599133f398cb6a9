import { sampleJiraSite, SAMPLE_USERS, type AdfNode, type JiraServer } from '@nx-tickets/testing';
import { startTestJiraServer } from '@nx-tickets/testing/vitest';
import { afterEach, describe, expect, test } from 'vitest';
import type { JiraSourceConfig } from '../../config/config-schema.js';
import { adfToText } from './adf-to-text.js';
import { JiraStatusSync } from './jira-status-sync.js';

let server: JiraServer | undefined;

async function start(): Promise<JiraServer> {
  server = await startTestJiraServer({ fixture: sampleJiraSite('2026-11-20') });
  return server;
}

function sync(jira: JiraServer, config: Partial<JiraSourceConfig> = {}, env: Record<string, string> = { JIRA_EMAIL: jira.credentials.email, JIRA_API_TOKEN: jira.credentials.apiToken }) {
  return new JiraStatusSync({ config: { type: 'jira', host: jira.url, project: 'WEB', componentProjects: {}, ...config }, env, retry: { minTimeoutMs: 10, retries: 3 } });
}

const writes = (jira: JiraServer) => jira.requests.filter((r) => r.method === 'POST').map((r) => `${r.operationId} ${r.path.split('/')[5]}`);
const comments = (jira: JiraServer, key: string) => (jira.issue(key).comments ?? []).map((c) => adfToText(c.body));

afterEach(() => {
  expect(server?.violations ?? []).toEqual([]);
  expect(server?.unimplemented ?? []).toEqual([]);
  server = undefined;
});

describe('JiraStatusSync', () => {
  test('started: moves a ticket to the in-progress status of its workflow, once', async () => {
    const jira = await start();
    const s = sync(jira);
    await s.apply({ type: 'started', key: 'WEB-2', branch: 'story/WEB-2-add-avatar-upload' });
    expect(jira.statusName('WEB-2')).toBe('Doing');
    await s.apply({ type: 'started', key: 'WEB-2', branch: 'story/WEB-2-add-avatar-upload' });
    expect(writes(jira)).toEqual(['doTransition WEB-2']);
    expect(jira.requests.find((r) => r.operationId === 'doTransition')?.body).toEqual({ transition: { id: '11' } });
  });

  test('started: finds the transition whose name differs from its status, by category or by configured name', async () => {
    const jira = await start();
    await sync(jira, { project: 'CORE' }).apply({ type: 'started', key: 'CORE-2', branch: 'b' });
    expect(jira.statusName('CORE-2')).toBe('In Progress');
    jira.issue('CORE-2').status = 'Open';
    await sync(jira, { project: 'CORE', inProgressStatus: 'hold' }).apply({ type: 'started', key: 'CORE-2', branch: 'b' });
    expect(jira.statusName('CORE-2')).toBe('Blocked');
  });

  test('started: leaves a ticket that is in progress or done where it is', async () => {
    const jira = await start();
    await sync(jira).apply({ type: 'started', key: 'CORE-3', branch: 'b' });
    await sync(jira).apply({ type: 'started', key: 'WEB-3', branch: 'b' });
    expect(jira.requests.map((r) => r.operationId)).toEqual(['getIssue', 'getIssue']);
  });

  test('merged: moves the ticket to done and comments the commit, once', async () => {
    const jira = await start();
    jira.issue('WEB-2').status = 'Doing';
    const update = { type: 'merged', key: 'WEB-2', sha: '0123456789abcdef0123', base: 'main' } as const;
    await sync(jira).apply(update);
    await sync(jira).apply(update);
    expect(jira.statusName('WEB-2')).toBe('Shipped');
    expect(writes(jira)).toEqual(['doTransition WEB-2', 'addComment WEB-2']);
    expect(comments(jira, 'WEB-2')).toEqual(['nx-tickets merged this ticket into main as 0123456789ab.\n\nnx-tickets:merged:0123456789abcdef0123']);
  });

  test('merged: a configured done status, and a clear error when the workflow has no way there', async () => {
    const jira = await start();
    jira.issue('CORE-3').status = 'In Progress';
    await sync(jira, { doneStatus: 'Closed' }).apply({ type: 'merged', key: 'CORE-3', sha: 'abc', base: 'main' });
    expect(jira.statusName('CORE-3')).toBe('Closed');
    const error = await sync(jira, { doneStatus: 'Archived' }).apply({ type: 'merged', key: 'CORE-4', sha: 'abc', base: 'main' }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'NX_TICKETS_JIRA_NO_TRANSITION',
      message: 'CORE-4 cannot move from "Blocked" to "Archived" in Jira (transitions: Begin → In Progress).',
      hint: 'Set options.source.doneStatus in nx.json to one of those names, or move CORE-4 by hand.',
    });
    expect(jira.statusName('CORE-4')).toBe('Blocked');
  });

  test('merged: goes through "In Progress" when the workflow has no direct way from "Open" to done', async () => {
    const jira = await start();
    await sync(jira).apply({ type: 'merged', key: 'CORE-2', sha: 'abc', base: 'main' });
    expect(jira.statusName('CORE-2')).toBe('Closed');
    expect(jira.requests.filter((r) => r.operationId === 'doTransition').map((r) => r.body)).toEqual([{ transition: { id: '4' } }, { transition: { id: '5' } }]);
  });

  test('pull-request: comments the link once', async () => {
    const jira = await start();
    const update = { type: 'pull-request', key: 'WEB-4', url: 'https://github.com/acme/web/pull/7', number: 7 } as const;
    await sync(jira).apply(update);
    await sync(jira).apply(update);
    expect(comments(jira, 'WEB-4')).toEqual(['nx-tickets opened pull request #7: https://github.com/acme/web/pull/7\n\nnx-tickets:pull-request:https://github.com/acme/web/pull/7']);
    const body = jira.issue('WEB-4').comments?.[0]?.body as AdfNode;
    expect(body.content?.[0]?.content?.[1]).toEqual({ type: 'text', text: 'https://github.com/acme/web/pull/7', marks: [{ type: 'link', attrs: { href: 'https://github.com/acme/web/pull/7' } }] });
  });

  test('failed: comments the reason and mentions the assignee; the same failure once, a new one again', async () => {
    const jira = await start();
    const update = { type: 'failed', key: 'WEB-2', status: 'failed', step: 'verify', reason: 'nx affected -t test failed (exit code 1); log: .nx/tickets/runs/r1/logs/WEB-2/verify.log' } as const;
    await sync(jira).apply(update);
    await sync(jira).apply(update);
    await sync(jira).apply({ ...update, reason: 'the implement command timed out after 60 minutes' });
    expect(comments(jira, 'WEB-2')).toHaveLength(2);
    expect(comments(jira, 'WEB-2')[0]).toMatch(/^@Ada Lovelace nx-tickets: this ticket failed at step verify\.\n\nnx affected -t test failed \(exit code 1\); log: .*verify\.log\n\nFix it in its worktree, then run nx-tickets retry WEB-2 \(it verifies and commits what is there\)\.\n\nnx-tickets:failed:verify:[0-9a-f]{12}$/);
    const first = (jira.issue('WEB-2').comments?.[0]?.body as AdfNode).content?.[0]?.content?.[0];
    expect(first).toEqual({ type: 'mention', attrs: { id: SAMPLE_USERS.ada.accountId, text: '@Ada Lovelace' } });
  });

  test('retries a 429 with Retry-After and a 503, then applies the update', async () => {
    const jira = await start();
    jira.queueFault({ operationId: 'doTransition', status: 429, retryAfterSeconds: 1, body: 'html' });
    jira.queueFault({ operationId: 'getTransitions', status: 503 });
    await sync(jira).apply({ type: 'started', key: 'WEB-6', branch: 'b' });
    expect(jira.statusName('WEB-6')).toBe('Doing');
    expect(jira.requests.filter((r) => r.operationId === 'doTransition').map((r) => r.status)).toEqual([429, 204]);
  });

  test('throws a JiraError without the token when the credentials are wrong', async () => {
    const jira = await start();
    const error = await sync(jira, {}, { JIRA_PAT: 'pat-that-is-wrong-0815' }).apply({ type: 'started', key: 'WEB-6', branch: 'b' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'NX_TICKETS_JIRA_UNAUTHORIZED', ticket: 'WEB-6' });
    expect(`${(error as Error).message} ${JSON.stringify(error)}`).not.toContain('pat-that-is-wrong-0815');
  });
});
