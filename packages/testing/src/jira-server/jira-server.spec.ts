import { describe, expect, test } from 'vitest';
import { startTestJiraServer } from '../vitest.js';
import { sampleJiraSite } from './sample-jira-site.js';

async function start() {
  const jira = await startTestJiraServer({ fixture: sampleJiraSite('2026-11-20') });
  const auth = { authorization: `Basic ${Buffer.from(`${jira.credentials.email}:${jira.credentials.apiToken}`).toString('base64')}` };
  const get = (path: string, headers: Record<string, string> = auth) => fetch(`${jira.url}${path}`, { headers });
  return { jira, auth, get };
}

describe('startJiraServer', () => {
  test('answers a request that breaks the published spec with 400 and records it', async () => {
    const { jira, auth, get } = await start();
    expect((await get('/rest/api/3/search/jql?jql=project%3DWEB&maxResults=many')).status).toBe(400);
    const post = await fetch(`${jira.url}/rest/api/3/issue/WEB-2/transitions`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ transition: { id: 11 } }) });
    expect(post.status).toBe(400);
    expect((await get('/rest/api/3/no-such-thing')).status).toBe(400);
    expect(jira.violations.map((v) => `${v.path}: ${v.errors.join('; ')}`)).toEqual([
      '/rest/api/3/search/jql: /query/maxResults must be integer',
      '/rest/api/3/issue/WEB-2/transitions: /requestBody/transition/id must be string',
      '/rest/api/3/no-such-thing: GET /rest/api/3/no-such-thing is not an operation of the Jira API',
    ]);
  });

  test('checks credentials after the spec: 401 with Jira\'s text', async () => {
    const { jira, get } = await start();
    const response = await get('/rest/api/3/field', { authorization: 'Bearer nope' });
    expect(response.status).toBe(401);
    expect(await response.text()).toBe('Client must be authenticated to access this resource.');
    expect(jira.violations).toEqual([]);
  });

  test('answers 410 on the removed search and serves the sprint state filter (a spec erratum)', async () => {
    const { jira, get } = await start();
    expect((await get('/rest/api/3/search?jql=project%3DWEB')).status).toBe(410);
    const sprints = (await (await get('/rest/agile/1.0/board/7/sprint?state=active,future')).json()) as { values: { name: string }[] };
    expect(sprints.values.map((s) => s.name)).toEqual(['Sprint 15', 'Sprint 16']);
    expect(jira.violations).toEqual([]);
  });

  test('queues faults with Retry-After and an HTML body', async () => {
    const { jira, get } = await start();
    jira.queueFault({ operationId: 'getFields', status: 429, retryAfterSeconds: 7, body: 'html' });
    const busy = await get('/rest/api/3/field');
    expect([busy.status, busy.headers.get('retry-after'), busy.headers.get('content-type')]).toEqual([429, '7', 'text/html;charset=UTF-8']);
    expect((await get('/rest/api/3/field')).status).toBe(200);
  });
});
