import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { adfDocument, startJiraServer, TEAM_WORKFLOW, type JiraFixture, type JiraServer } from '@nx-tickets/testing';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { createRunWorkspace, type RunWorkspace } from '../run/run-workspace.js';

/** Today (local date) ± days, 09:00 UTC, for sprint dates around the CLI's "today". */
function around(days: number): string {
  const date = new Date();
  date.setDate(date.getDate() + days);
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}T09:00:00.000+0000`;
}

const ADA = { accountId: '5b10a2844c20165700ede21g', displayName: 'Ada Lovelace' };

/**
 * WEB (team-managed) with board 7 and its active sprint 42: epic WEB-1 with WEB-2 (component
 * "Web UI" → web), WEB-3 (label "avatar", blocked by WEB-5) and WEB-4 (done); WEB-5 and WEB-6 in
 * the sprint only (WEB-6's prepared change fails); WEB-7 and WEB-8 outside the sprint.
 */
function site(): JiraFixture {
  return {
    projects: [{ key: 'WEB', id: '10001', name: 'Web', style: 'team-managed', workflow: TEAM_WORKFLOW }],
    boards: [{ id: 7, name: 'WEB board', projectKey: 'WEB' }],
    sprints: [{ id: 42, name: 'Sprint 15', state: 'active', boardId: 7, startDate: around(-3), endDate: around(10) }],
    issues: [
      { key: 'WEB-1', summary: 'Avatars', type: 'Epic', status: 'Doing' },
      { key: 'WEB-2', summary: 'Show the avatar', type: 'Story', parent: 'WEB-1', sprints: [42], components: ['Web UI'], points: 3, originalEstimateSeconds: 3600, assignee: ADA, description: adfDocument('Render it in the header.', 'Files: apps/web/src/avatar.ts') },
      { key: 'WEB-3', summary: 'Resize avatars', type: 'Story', parent: 'WEB-1', sprints: [42], labels: ['avatar', 'backend'], description: adfDocument('Resize in libs/avatar/src/resize.ts before storing.') },
      { key: 'WEB-4', summary: 'Avatar storage spike', type: 'Task', parent: 'WEB-1', sprints: [42], status: 'Shipped' },
      { key: 'WEB-5', summary: 'Storage bucket', sprints: [42], blocks: ['WEB-3'], description: adfDocument('Files: libs/avatar/src/storage.ts') },
      { key: 'WEB-6', summary: 'Avatar cache', sprints: [42], assignee: ADA, description: adfDocument('Files: libs/avatar/src/cache.ts') },
      { key: 'WEB-7', summary: 'Avatar docs', type: 'Task', description: adfDocument('Files: libs/avatar/README.md') },
      { key: 'WEB-8', summary: 'Avatar alt text', type: 'Task', description: adfDocument('Files: libs/avatar/src/alt.ts') },
    ],
  };
}

let jira: JiraServer;
let ws: RunWorkspace;
const TOKEN = 'e2e-secret-jira-token-31337';

beforeAll(async () => {
  jira = await startJiraServer({ fixture: site(), credentials: { apiToken: TOKEN }, pageSize: 3 });
  ws = await createRunWorkspace({
    projects: [
      { name: 'web', root: 'apps/web', files: { 'src/app.ts': 'export const app = 1;\n' } },
      { name: 'avatar', root: 'libs/avatar', files: { 'src/index.ts': 'export const avatar = 1;\n' } },
    ],
    tickets: [],
    changes: {
      'WEB-2': [{ file: 'apps/web/src/avatar.ts', write: 'export const avatar = "header";\n' }],
      'WEB-3': [{ file: 'libs/avatar/src/storage.ts', contains: 'bucket' }, { file: 'libs/avatar/src/resize.ts', write: 'export const resize = (n: number) => n / 2;\n' }],
      'WEB-5': [{ file: 'libs/avatar/src/storage.ts', write: 'export const bucket = "avatars";\n' }],
      'WEB-6': [{ file: 'libs/avatar/src/cache.ts', contains: 'this text is not there' }],
      'WEB-7': [{ file: 'libs/avatar/README.md', write: '# avatar\n' }],
      'WEB-8': [{ file: 'libs/avatar/src/alt.ts', write: 'export const alt = "avatar";\n' }],
    },
    source: { type: 'jira', host: jira.url, project: 'WEB', board: 7, componentProjects: { 'Web UI': 'web' } },
    env: { JIRA_EMAIL: jira.credentials.email, JIRA_API_TOKEN: TOKEN },
  });
});
afterAll(async () => {
  await ws?.cleanup();
  await jira?.close();
});
afterEach(() => {
  // Every request the CLI sent must match Atlassian's published API description.
  expect(jira.violations).toEqual([]);
  expect(jira.unimplemented).toEqual([]);
});

/** Every file under `dir`, as text. */
async function readAll(dir: string): Promise<string> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  const texts = await Promise.all(entries.filter((e) => e.isFile()).map((e) => readFile(join(e.parentPath, e.name), 'utf8')));
  return texts.join('\n');
}

const commentTexts = (key: string): string[] => (jira.issue(key).comments ?? []).map((c) => JSON.stringify(c.body));

describe('nx-tickets with a Jira source', () => {
  test('plan --epic reads the epic\'s children from Jira, maps their fields and writes nothing', async () => {
    const result = await ws.nxTickets(['plan', '--epic', 'WEB-1', '--json']);
    expect(result.exitCode, result.stderr).toBe(0);
    const plan = JSON.parse(result.stdout) as { tickets: { key: string; projects: string[]; files: string[]; predictedPaths: string[]; dependsOn: string[]; points?: number; estimateMinutes: number }[]; completion: { total: number; done: number }; warnings: string[] };
    expect(plan.tickets.map((t) => t.key).sort()).toEqual(['WEB-2', 'WEB-3']);
    const web2 = plan.tickets.find((t) => t.key === 'WEB-2');
    expect(web2).toMatchObject({ projects: ['web'], predictedPaths: ['apps/web/src/avatar.ts'], points: 3, estimateMinutes: 60 });
    expect(plan.tickets.find((t) => t.key === 'WEB-3')).toMatchObject({ projects: ['avatar'], dependsOn: ['WEB-5'] });
    expect(plan.completion).toMatchObject({ total: 3, done: 1 });
    expect(plan.warnings.join('\n')).toContain('depends on WEB-5, which is not selected and not done');
    expect(jira.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    expect(jira.requests.some((r) => r.query['jql'] === 'parent = "WEB-1" ORDER BY key')).toBe(true);
  });

  test('run --sprint current runs the active sprint and Jira shows what the run did', async () => {
    const result = await ws.nxTickets(['run', '--sprint', 'current']);
    expect(result.exitCode, result.stdout + result.stderr).toBe(1);
    const state = await ws.state();
    expect(Object.fromEntries(Object.values(state.tickets).map((t) => [t.key, t.status]))).toEqual({ 'WEB-2': 'merged', 'WEB-3': 'merged', 'WEB-5': 'merged', 'WEB-6': 'failed' });

    // Transitions: "Start work" then "Ship it" for merged tickets; the failed one stays in progress.
    expect(['WEB-2', 'WEB-3', 'WEB-5', 'WEB-6', 'WEB-4', 'WEB-7'].map((key) => [key, jira.statusName(key)])).toEqual([
      ['WEB-2', 'Shipped'], ['WEB-3', 'Shipped'], ['WEB-5', 'Shipped'], ['WEB-6', 'Doing'], ['WEB-4', 'Shipped'], ['WEB-7', 'To Do'],
    ]);
    const transitions = jira.requests.filter((r) => r.operationId === 'doTransition');
    expect(transitions.filter((r) => r.path.includes('WEB-2')).map((r) => r.body)).toEqual([{ transition: { id: '11' } }, { transition: { id: '21' } }]);
    // Comments: the merge of each merged ticket (with its commit), the failure with a mention of the assignee.
    const sha = state.tickets['WEB-2']?.mergedSha as string;
    expect(commentTexts('WEB-2')).toHaveLength(1);
    expect(commentTexts('WEB-2')[0]).toContain(`nx-tickets:merged:${sha}`);
    expect(commentTexts('WEB-6')).toHaveLength(1);
    expect(commentTexts('WEB-6')[0]).toContain(`{"type":"mention","attrs":{"id":"${ADA.accountId}","text":"@Ada Lovelace"}}`);
    expect(commentTexts('WEB-6')[0]).toContain('failed at step implement');

    // The token is in no output, state, event or log file.
    const written = `${result.stdout}${result.stderr}${await readAll(join(ws.root, '.nx', 'tickets'))}`;
    expect(written).not.toContain(TOKEN);
    expect(written).not.toContain(Buffer.from(`${jira.credentials.email}:${TOKEN}`).toString('base64'));
  });

  test('--no-sync runs a ticket without writing to Jira', async () => {
    const writes = jira.requests.filter((r) => r.method !== 'GET').length;
    const result = await ws.nxTickets(['run', 'WEB-7', '--no-sync']);
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    expect((await ws.state()).tickets['WEB-7']?.status).toBe('merged');
    expect(jira.requests.filter((r) => r.method !== 'GET').length).toBe(writes);
    expect(jira.statusName('WEB-7')).toBe('To Do');
  });

  test('a write Jira refuses is a warning in the summary, and the ticket is still merged', async () => {
    jira.queueFault({ operationId: 'doTransition', status: 403 });
    const result = await ws.nxTickets(['run', 'WEB-8']);
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    expect((await ws.state()).tickets['WEB-8']?.status).toBe('merged');
    expect(result.stdout + result.stderr).toMatch(/warning: could not update WEB-8 \(started\): Jira at http:\/\/127\.0\.0\.1:\d+ refused to move WEB-8 to "Doing" \(403\)/);
    expect(jira.statusName('WEB-8')).toBe('Shipped');
  });

  test('wrong credentials: exit 2, one sentence and a hint, the token never printed', async () => {
    const wrong = 'wrong-e2e-token-2718';
    const bad = await createRunWorkspaceLike(wrong);
    const result = await bad.nxTickets(['plan', 'WEB-2']);
    await bad.cleanup();
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/^error: Jira at http:\/\/127\.0\.0\.1:\d+ did not accept the credentials \(401\) when asked to read (the field list|project WEB)\.\nhint: Set JIRA_EMAIL and JIRA_API_TOKEN \(an API token of that Atlassian account\) in the environment, or JIRA_PAT for a bearer token\.\n$/);
    expect(result.stdout + result.stderr).not.toContain(wrong);
  });
});

/** A second, small workspace pointing at the same Jira with a wrong token. */
function createRunWorkspaceLike(token: string): Promise<RunWorkspace> {
  return createRunWorkspace({
    projects: [{ name: 'web', root: 'apps/web' }],
    tickets: [],
    changes: {},
    source: { type: 'jira', host: jira.url, project: 'WEB' },
    env: { JIRA_EMAIL: jira.credentials.email, JIRA_API_TOKEN: token },
  });
}
