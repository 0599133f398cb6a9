import { startGitHubServer, type GitHubServer } from '@nx-tickets/testing';
import { createTestGitRepo } from '@nx-tickets/testing/vitest';
import { describe, expect, onTestFinished, test } from 'vitest';
import { configSchema, type ResolvedConfig } from '../../config/index.js';
import { createStatusSync } from '../create-status-sync.js';
import { createTicketSource } from '../create-ticket-source.js';
import { mapIssue, parseDependsOn } from './map-issue.js';

const TOKEN = 'ghp_sourceToken1234567890';
const ENV = { GITHUB_TOKEN: TOKEN, NX_TICKETS_GITHUB_RETRY_UNIT_MS: '1', NX_TICKETS_GITHUB_WRITE_INTERVAL_MS: '0' };

async function setUp(source: Record<string, unknown> = {}): Promise<{ server: GitHubServer; config: ResolvedConfig; root: string }> {
  const repo = await createTestGitRepo({ bareOrigin: true });
  const server = await startGitHubServer({ origin: repo.origin as string, token: TOKEN });
  onTestFinished(() => server.close());
  // Owner and repository come from the origin remote's URL here, as in a real clone.
  await repo.git(['remote', 'set-url', 'origin', `https://github.com/${server.owner}/${server.repo}.git`]);
  const config = { ...configSchema.parse({ source: { type: 'github', baseUrl: server.url, labelProjects: { 'area/web': 'web' }, ...source } }), baseBranch: 'main' } as ResolvedConfig;
  return { server, config, root: repo.root };
}

describe('GitHubTicketSource', () => {
  test('reads issues by key with their dependencies, labels and estimates', async () => {
    const { server, config, root } = await setUp();
    const base = server.addIssue({ title: 'Add the API', labels: ['project:api', 'estimate:3h'] });
    const blocker = server.addIssue({ title: 'Pick a font' });
    const issue = server.addIssue({ title: 'Add the avatar', body: `Depends on #${base.number}\nEstimate: 2h\nTouches apps/web/src/profile.ts`, labels: ['area/web', 'priority:high', 'bug'], blockedBy: [blocker.number] });
    const source = await createTicketSource(root, config, { minutesPerDay: 480, env: ENV });
    const batch = await source.fetchTickets({ keys: [`#${issue.number}`, `acme/app#${base.number}`, 'other/repo#1'] });
    const avatar = batch.tickets.find((t) => t.key === `#${issue.number}`);
    expect(avatar).toMatchObject({ title: 'Add the avatar', type: 'bug', priority: 'high', estimateMinutes: 120, projects: ['web'], dependsOn: [`#${base.number}`, `#${blocker.number}`], status: 'ready', source: 'github' });
    expect(batch.tickets.map((t) => t.key).sort()).toEqual([`#${base.number}`, `#${blocker.number}`, `#${issue.number}`].sort());
    expect(batch.tickets.find((t) => t.key === `#${base.number}`)).toMatchObject({ projects: ['api'], estimateMinutes: 180 });
    expect(batch.errors.map((e) => e.message)).toEqual(['other/repo#1 is not an issue of acme/app; use #N or acme/app#N']);
    expect(server.violations).toEqual([]);
  });

  test('selects an epic by its sub-issues and the current sprint by the nearest open milestone', async () => {
    const { server, config, root } = await setUp();
    const later = server.addMilestone({ title: 'Sprint 9', state: 'open', dueOn: '2999-02-01T00:00:00Z' });
    const sooner = server.addMilestone({ title: 'Sprint 8', state: 'open', dueOn: '2999-01-01T00:00:00Z' });
    const child = server.addIssue({ title: 'Child', milestone: sooner.number });
    server.addIssue({ title: 'Later', milestone: later.number });
    const epic = server.addIssue({ title: 'Epic', subIssues: [child.number] });
    const source = await createTicketSource(root, config, { minutesPerDay: 480, env: ENV });
    const byEpic = await source.fetchTickets({ keys: [], epic: `#${epic.number}` });
    expect(byEpic.tickets.find((t) => t.key === `#${child.number}`)?.epic).toBe(`#${epic.number}`);
    const bySprint = await source.fetchTickets({ keys: [], sprint: 'current' });
    expect(bySprint.sprints.map((s) => s.name)).toEqual(['Sprint 8', 'Sprint 9']);
    expect(bySprint.tickets.map((t) => t.title)).toEqual(['Child']);
    expect(server.violations).toEqual([]);
  });

  test('comments once on the issue of a failed ticket', async () => {
    const { server, config, root } = await setUp();
    const issue = server.addIssue({ title: 'Broken' });
    const sync = await createStatusSync(root, config, ENV);
    const update = { type: 'failed', key: `#${issue.number}`, status: 'failed', step: 'verify', reason: 'nx affected -t test failed' } as const;
    await sync?.apply(update);
    await sync?.apply(update);
    await sync?.apply({ type: 'merged', key: `#${issue.number}`, sha: 'abc', base: 'main' });
    expect(issue.comments).toHaveLength(1);
    expect(issue.comments[0]).toContain('failed at step `verify`');
    expect(server.violations).toEqual([]);
  });
});

describe('parseDependsOn', () => {
  test('reads "Depends on" and "Blocked by" lines', () => {
    expect(parseDependsOn('Depends on #12\nblocked by: #3, #4 and #5\nSee #9')).toEqual(['#12', '#3', '#4', '#5']);
  });
});

describe('mapIssue', () => {
  test('maps a closed issue to a done ticket', () => {
    const ticket = mapIssue({ number: 4, title: 'Old', state: 'closed', html_url: 'u', labels: [] }, { labelProjects: {}, estimateLabelPrefix: 'estimate:', minutesPerDay: 480 });
    expect(ticket).toMatchObject({ key: '#4', status: 'done', type: 'feature', priority: 'medium' });
  });
});
