import { inspect } from 'node:util';
import { selectTickets, type Selection } from '@nx-tickets/core';
import { sampleJiraSite, type JiraServer, type JiraServerOptions } from '@nx-tickets/testing';
import { startTestJiraServer } from '@nx-tickets/testing/vitest';
import { afterEach, describe, expect, test } from 'vitest';
import type { JiraSourceConfig } from '../../config/config-schema.js';
import { JiraTicketSource } from './jira-ticket-source.js';

const TODAY = '2026-11-20';
let server: JiraServer | undefined;

async function start(options: Partial<JiraServerOptions> = {}): Promise<JiraServer> {
  server = await startTestJiraServer({ fixture: sampleJiraSite(TODAY), ...options });
  return server;
}

function source(jira: JiraServer, config: Partial<JiraSourceConfig> = {}, env: Record<string, string> = { JIRA_EMAIL: jira.credentials.email, JIRA_API_TOKEN: jira.credentials.apiToken }, extra: { keyBatchSize?: number; pageSize?: number } = {}) {
  return new JiraTicketSource({
    config: { type: 'jira', host: jira.url, project: 'WEB', componentProjects: { 'Web UI': 'web' }, ...config },
    env,
    retry: { minTimeoutMs: 10, retries: 3 },
    today: () => TODAY,
    ...extra,
  });
}

const select = (selection: Partial<Selection>) => ({ keys: [], ...selection });
const jqls = (jira: JiraServer) => jira.requests.filter((r) => r.operationId === 'searchAndReconsileIssuesUsingJql').map((r) => r.query['jql']);

afterEach(() => {
  // Every request jira.js sent must match Atlassian's published API description.
  expect(server?.violations ?? []).toEqual([]);
  expect(server?.unimplemented ?? []).toEqual([]);
  server = undefined;
});

describe('JiraTicketSource', () => {
  test('maps every field of an issue, ADF description and Files: list included', async () => {
    const jira = await start();
    const batch = await source(jira).fetchTickets(select({ keys: ['WEB-2'] }));
    expect(batch.errors).toEqual([]);
    expect(batch.tickets.find((t) => t.key === 'WEB-2')).toEqual({
      key: 'WEB-2',
      title: 'Add avatar upload',
      type: 'story',
      status: 'ready',
      priority: 'high',
      points: 3,
      estimateMinutes: 120,
      epic: 'WEB-1',
      sprint: 'Sprint 15',
      dependsOn: [],
      files: ['libs/avatar/**'],
      projects: ['web'],
      labels: ['avatar', 'frontend'],
      resources: {},
      assignee: 'Ada Lovelace',
      description: 'Users upload a picture on apps/web/src/profile.js.\n\nFiles:\n- libs/avatar/**\n- ../secrets.txt\n\nAsk @Bob Kahn\nbefore merging.',
      origin: `${jira.url}/browse/WEB-2`,
      source: 'jira',
    });
    expect(batch.warnings.map((w) => `${w.where}: ${w.message}`)).toEqual(['WEB-2: Files: "../secrets.txt" leaves the workspace (`..`); it is ignored']);
    const search = jira.requests.find((r) => r.operationId === 'searchAndReconsileIssuesUsingJql');
    expect(search?.query['fields']?.split(',')).toEqual(expect.arrayContaining(['summary', 'status', 'issuelinks', 'customfield_10016', 'customfield_10020']));
  });

  test('maps status categories, priorities and a Blocked status', async () => {
    const jira = await start();
    const batch = await source(jira, { project: 'CORE' }).fetchTickets(select({ keys: ['CORE-2', 'CORE-3', 'CORE-4', 'CORE-5', 'WEB-3'] }));
    expect(batch.tickets.map((t) => [t.key, t.status, t.priority, t.epic])).toEqual([
      ['CORE-2', 'ready', 'high', 'CORE-1'],
      ['CORE-3', 'in-progress', 'medium', 'CORE-1'],
      ['CORE-4', 'blocked', 'medium', 'CORE-1'],
      ['CORE-5', 'done', 'medium', 'CORE-1'],
      ['WEB-3', 'done', 'highest', 'WEB-1'],
    ]);
  });

  describe('Blocks links', () => {
    test('"is blocked by X" (inward) makes the ticket depend on X, and X is fetched too', async () => {
      const jira = await start();
      const batch = await source(jira).fetchTickets(select({ keys: ['WEB-4'] }));
      expect(batch.tickets.map((t) => [t.key, t.dependsOn])).toEqual([['WEB-4', ['WEB-5']], ['WEB-5', []]]);
      expect(jqls(jira)).toEqual(['key in (WEB-4) ORDER BY key', 'key in (WEB-5) ORDER BY key']);
    });

    test('"blocks Y" (outward) adds no dependency to the blocker, and "relates to" is no dependency', async () => {
      const jira = await start();
      const batch = await source(jira).fetchTickets(select({ keys: ['WEB-5', 'CORE-2'] }));
      expect(batch.tickets.map((t) => [t.key, t.dependsOn])).toEqual([['CORE-2', []], ['WEB-5', []]]);
      const both = await source(jira).fetchTickets(select({ keys: ['CORE-3'] }));
      expect(both.tickets.map((t) => [t.key, t.dependsOn])).toEqual([['CORE-3', ['CORE-2']], ['CORE-2', []]]);
    });
  });

  test('asks for keys in batches and drops keys Jira does not know (the core reports them)', async () => {
    const jira = await start();
    const batch = await source(jira, {}, undefined, { keyBatchSize: 2 }).fetchTickets(select({ keys: ['WEB-2', 'WEB-404', 'WEB-6', '#12'] }));
    expect(batch.tickets.map((t) => t.key)).toEqual(['WEB-2', 'WEB-6']);
    expect(jqls(jira)).toEqual(['key in (WEB-2, WEB-404) ORDER BY key', 'key in (WEB-2) ORDER BY key', 'key in (WEB-6) ORDER BY key']);
    const selected = selectTickets(batch.tickets, select({ keys: ['WEB-2', 'WEB-404'] }), { today: TODAY, sprints: batch.sprints });
    expect(selected.errors.map((e) => e.message)).toEqual(['unknown ticket WEB-404']);
  });

  describe('--epic', () => {
    test('finds the children of a team-managed epic by parent and leaves done ones unselected', async () => {
      const jira = await start();
      const batch = await source(jira).fetchTickets(select({ epic: 'WEB-1' }));
      expect(jqls(jira)).toEqual(['parent = "WEB-1" ORDER BY key', 'key in (WEB-1) ORDER BY key', 'key in (WEB-5) ORDER BY key']);
      const selected = selectTickets(batch.tickets, select({ epic: 'WEB-1' }), { today: TODAY, sprints: batch.sprints });
      expect(selected.errors).toEqual([]);
      expect(selected.selected.map((t) => t.key)).toEqual(['WEB-2', 'WEB-4', 'WEB-6']);
      expect(selected.scope?.tickets.map((t) => [t.key, t.status])).toEqual([['WEB-2', 'ready'], ['WEB-3', 'done'], ['WEB-4', 'ready'], ['WEB-6', 'ready']]);
    });

    test('falls back to "Epic Link" for a company-managed epic', async () => {
      const jira = await start();
      const batch = await source(jira, { project: 'CORE' }).fetchTickets(select({ epic: 'CORE-1' }));
      expect(jqls(jira).slice(0, 2)).toEqual(['parent = "CORE-1" ORDER BY key', '"Epic Link" = "CORE-1" ORDER BY key']);
      const selected = selectTickets(batch.tickets, select({ epic: 'CORE-1' }), { today: TODAY, sprints: batch.sprints });
      expect(selected.selected.map((t) => t.key)).toEqual(['CORE-2', 'CORE-3', 'CORE-4']);
      expect(selected.scope?.tickets.map((t) => t.key)).toEqual(['CORE-2', 'CORE-3', 'CORE-4', 'CORE-5']);
    });

    test('does not ask for "Epic Link" on a site without that field', async () => {
      const fixture = sampleJiraSite(TODAY);
      fixture.epicLinkField = false;
      const jira = await start({ fixture });
      await source(jira, { project: 'CORE' }).fetchTickets(select({ epic: 'CORE-1' }));
      expect(jqls(jira)).toEqual(['parent = "CORE-1" ORDER BY key', 'key in (CORE-1) ORDER BY key']);
    });
  });

  describe('--sprint', () => {
    test('current: the board\'s active sprint through the agile API', async () => {
      const jira = await start();
      const batch = await source(jira, { board: 7 }).fetchTickets(select({ sprint: 'current' }));
      expect(jira.requests.find((r) => r.operationId === 'getAllSprints')?.query).toMatchObject({ state: 'active' });
      expect(jqls(jira)[0]).toBe('sprint in (42) ORDER BY key');
      expect(batch.sprints).toEqual([{ name: 'Sprint 15', id: '42', start: '2026-11-17', end: '2026-11-30' }]);
      const selected = selectTickets(batch.tickets, select({ sprint: 'current' }), { today: TODAY, sprints: batch.sprints });
      expect(selected.errors).toEqual([]);
      expect(selected.scope?.name).toBe('Sprint 15');
      expect(selected.selected.map((t) => t.key)).toEqual(['WEB-2', 'WEB-4', 'WEB-5', 'WEB-6', 'WEB-7', 'WEB-8']);
    });

    test('current: an active sprint past its end date is still the current one, with a warning', async () => {
      const fixture = sampleJiraSite(TODAY);
      const active = fixture.sprints?.find((s) => s.state === 'active');
      if (active) active.endDate = '2026-11-19T17:00:00.000Z';
      const jira = await start({ fixture });
      const batch = await source(jira, { board: 7 }).fetchTickets(select({ sprint: 'current' }));
      expect(batch.sprints).toEqual([{ name: 'Sprint 15', id: '42' }]);
      expect(batch.warnings.map((w) => w.message)).toContain('the active sprint "Sprint 15" runs 2026-11-17–2026-11-19, which does not include 2026-11-20; it is used as the current sprint');
      const selected = selectTickets(batch.tickets, select({ sprint: 'current' }), { today: TODAY, sprints: batch.sprints });
      expect(selected.errors).toEqual([]);
      expect(selected.selected).toHaveLength(6);
    });

    test('current without a board: openSprints() in the project', async () => {
      const jira = await start();
      const batch = await source(jira).fetchTickets(select({ sprint: 'current' }));
      expect(jqls(jira)[0]).toBe('sprint in openSprints() AND project = "WEB" ORDER BY key');
      expect(batch.sprints).toEqual([{ name: 'Sprint 15', id: '42', start: '2026-11-17', end: '2026-11-30' }]);
      const selected = selectTickets(batch.tickets, select({ sprint: 'current' }), { today: TODAY, sprints: batch.sprints });
      expect(selected.selected.map((t) => t.key)).toEqual(['WEB-2', 'WEB-4', 'WEB-5', 'WEB-6', 'WEB-7', 'WEB-8']);
    });

    test.each([
      ['by id with a board', { board: 7 }, '42', 'sprint in (42) ORDER BY key'],
      ['by name with a board', { board: 7 }, 'sprint 15', 'sprint in (42) ORDER BY key'],
      ['by id without a board', {}, '42', 'sprint = 42 ORDER BY key'],
      ['by name without a board', {}, 'Sprint 15', 'sprint = "Sprint 15" ORDER BY key'],
    ])('NAME|ID: %s', async (_name, config, wanted, jql) => {
      const jira = await start();
      const batch = await source(jira, config).fetchTickets(select({ sprint: wanted }));
      expect(jqls(jira)[0]).toBe(jql);
      const selected = selectTickets(batch.tickets, select({ sprint: wanted }), { today: TODAY, sprints: batch.sprints });
      expect(selected.errors).toEqual([]);
      expect(selected.scope?.name).toBe('Sprint 15');
      expect(selected.selected).toHaveLength(6);
    });
  });

  test('reads 3 pages by nextPageToken and an empty last page, de-duplicated by key', async () => {
    const jira = await start({ pageSize: 2, emptyLastPage: true });
    const batch = await source(jira, {}, undefined, { pageSize: 2 }).fetchTickets(select({ sprint: '42' }));
    const searches = jira.requests.filter((r) => r.operationId === 'searchAndReconsileIssuesUsingJql' && r.query['jql']?.startsWith('sprint'));
    expect(searches.map((r) => r.query['nextPageToken'] !== undefined)).toEqual([false, true, true, true]);
    expect(new Set(searches.map((r) => r.query['nextPageToken'])).size).toBe(4);
    expect(batch.tickets.map((t) => t.key)).toEqual(['WEB-2', 'WEB-3', 'WEB-4', 'WEB-5', 'WEB-6', 'WEB-7', 'WEB-8']);
  });

  test('keeps one ticket per key when pages repeat issues', async () => {
    const jira = await start({ pageSize: 3, overlap: 1 });
    const batch = await source(jira, {}, undefined, { pageSize: 3 }).fetchTickets(select({ sprint: '42' }));
    const searches = jira.requests.filter((r) => r.operationId === 'searchAndReconsileIssuesUsingJql' && r.query['jql']?.startsWith('sprint'));
    expect(searches).toHaveLength(3);
    expect(batch.tickets.map((t) => t.key)).toEqual(['WEB-2', 'WEB-3', 'WEB-4', 'WEB-5', 'WEB-6', 'WEB-7', 'WEB-8']);
  });

  test('stops with NX_TICKETS_JIRA_PAGINATION when Jira repeats a page token', async () => {
    const jira = await start({ pageSize: 2 });
    jira.queueFault({ operationId: 'searchAndReconsileIssuesUsingJql', status: 200, repeatToken: true, times: 3 });
    await expect(source(jira, {}, undefined, { pageSize: 2 }).fetchTickets(select({ sprint: '42' }))).rejects.toMatchObject({
      code: 'NX_TICKETS_JIRA_PAGINATION',
      message: expect.stringContaining('returned the same page token twice'),
    });
  });

  test('never calls the removed /rest/api/3/search, which answers 410', async () => {
    const jira = await start();
    await source(jira).fetchTickets(select({ epic: 'WEB-1' }));
    expect(jira.requests.filter((r) => r.path === '/rest/api/3/search')).toEqual([]);
    const auth = `Basic ${Buffer.from(`${jira.credentials.email}:${jira.credentials.apiToken}`).toString('base64')}`;
    const response = await fetch(`${jira.url}/rest/api/3/search?jql=project%3DWEB`, { headers: { authorization: auth } });
    expect(response.status).toBe(410);
  });

  test('waits out a 429 with Retry-After and an HTML body, and backs off on 503', async () => {
    const jira = await start();
    jira.queueFault({ operationId: 'searchAndReconsileIssuesUsingJql', status: 429, retryAfterSeconds: 1, body: 'html' });
    jira.queueFault({ operationId: 'getFields', status: 503, body: 'html' });
    const batch = await source(jira).fetchTickets(select({ keys: ['WEB-6'] }));
    expect(batch.tickets.map((t) => t.key)).toEqual(['WEB-6']);
    expect(jira.requests.filter((r) => r.operationId === 'searchAndReconsileIssuesUsingJql').map((r) => r.status)).toEqual([429, 200]);
    expect(jira.requests.filter((r) => r.operationId === 'getFields').map((r) => r.status)).toEqual([503, 200]);
  });

  test('gives up after the retries with NX_TICKETS_JIRA_SERVER_ERROR', async () => {
    const jira = await start();
    jira.queueFault({ operationId: 'getFields', status: 502, times: 10 });
    await expect(source(jira).fetchTickets(select({ keys: ['WEB-6'] }))).rejects.toMatchObject({ code: 'NX_TICKETS_JIRA_SERVER_ERROR', status: 502, exitCode: 1 });
    expect(jira.requests.filter((r) => r.operationId === 'getFields')).toHaveLength(4);
  });

  test('uses a bearer token from JIRA_PAT', async () => {
    const jira = await start();
    const batch = await source(jira, {}, { JIRA_PAT: jira.credentials.pat }).fetchTickets(select({ keys: ['WEB-6'] }));
    expect(batch.tickets).toHaveLength(1);
    expect(new Set(jira.requests.map((r) => r.auth))).toEqual(new Set(['bearer']));
  });

  describe('errors a user can act on', () => {
    test('wrong credentials: one sentence naming the env vars, and the token appears nowhere', async () => {
      const jira = await start();
      const secret = 'wrong-secret-token-4711';
      const error = await source(jira, {}, { JIRA_EMAIL: 'ada@example.com', JIRA_API_TOKEN: secret }).fetchTickets(select({ keys: ['WEB-2'] })).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'NX_TICKETS_JIRA_UNAUTHORIZED', exitCode: 2, status: 401 });
      expect((error as Error).message).toMatch(/^Jira at http:\/\/127\.0\.0\.1:\d+ did not accept the credentials \(401\) when asked to (read the field list|read project WEB)\.$/);
      expect((error as { hint: string }).hint).toBe('Set JIRA_EMAIL and JIRA_API_TOKEN (an API token of that Atlassian account) in the environment, or JIRA_PAT for a bearer token.');
      const everything = `${inspect(error, { depth: 10 })}${JSON.stringify(error)}${(error as Error).stack}`;
      expect(everything).not.toContain(secret);
      expect(everything).not.toContain(Buffer.from(`ada@example.com:${secret}`).toString('base64'));
    });

    test('missing credentials', async () => {
      const jira = await start();
      await expect(source(jira, {}, { JIRA_EMAIL: 'ada@example.com' }).fetchTickets(select({ keys: ['WEB-2'] }))).rejects.toMatchObject({
        code: 'NX_TICKETS_JIRA_CREDENTIALS_MISSING',
        message: 'Jira credentials are missing: JIRA_EMAIL is set but JIRA_API_TOKEN is not.',
      });
      expect(jira.requests).toEqual([]);
    });

    test('unknown project', async () => {
      const jira = await start();
      await expect(source(jira, { project: 'NOPE' }).fetchTickets(select({ sprint: 'current' }))).rejects.toMatchObject({
        code: 'NX_TICKETS_JIRA_PROJECT_NOT_FOUND',
        exitCode: 2,
        message: expect.stringMatching(/has no project NOPE that these credentials can see\.$/),
      });
    });

    test('a JQL error carries Jira\'s message', async () => {
      const jira = await start();
      await expect(source(jira).fetchTickets(select({ sprint: 'Sprint 99' }))).rejects.toMatchObject({
        code: 'NX_TICKETS_JIRA_BAD_REQUEST',
        exitCode: 2,
        message: expect.stringMatching(/could not search for tickets \(JQL: sprint = "Sprint 99" ORDER BY key\) \(400\): Sprint with name 'Sprint 99' does not exist or you do not have permission to view it\.$/),
      });
    });

    test('unknown board, and a board without an active sprint', async () => {
      const jira = await start();
      await expect(source(jira, { board: 99 }).fetchTickets(select({ sprint: 'current' }))).rejects.toMatchObject({ code: 'NX_TICKETS_JIRA_BOARD_NOT_FOUND' });
      jira.fixture.sprints = jira.fixture.sprints?.filter((s) => s.state !== 'active');
      await expect(source(jira, { board: 7 }).fetchTickets(select({ sprint: 'current' }))).rejects.toMatchObject({ code: 'NX_TICKETS_JIRA_NO_ACTIVE_SPRINT', message: 'Board 7 in Jira has no active sprint.' });
    });
  });
});
