import { adfDocument, COMPANY_WORKFLOW, TEAM_WORKFLOW, type JiraFixture } from './jira-fixture.js';

/** `YYYY-MM-DD` plus `days` (UTC), as an ISO date-time at 09:00 UTC. */
function dayTime(today: string, days: number): string {
  const date = new Date(`${today}T09:00:00.000Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString();
}

/** The users of the sample site. */
export const SAMPLE_USERS = {
  ada: { accountId: '5b10a2844c20165700ede21g', displayName: 'Ada Lovelace' },
  bob: { accountId: '5b10ac8d82e05b22cc7d4ef5', displayName: 'Bob Kahn' },
} as const;

/**
 * A small Jira Cloud site with both project styles:
 * - `WEB` (team-managed, To Do → Doing → Shipped; transitions "Start work", "Ship it"): epic
 *   WEB-1 with children by `parent`; board 7 with sprints 41 (closed), 42 "Sprint 15" (active,
 *   around `today`), 43 (future); WEB-5 blocks WEB-4.
 * - `CORE` (company-managed, Open → In Progress → Closed, plus Blocked; transitions "Begin",
 *   "Resolve"): epic CORE-1 with children by `Epic Link`; CORE-2 blocks CORE-3.
 * Descriptions are ADF. A new object on every call: the server changes it.
 */
export function sampleJiraSite(today: string): JiraFixture {
  const { ada, bob } = SAMPLE_USERS;
  return {
    projects: [
      { key: 'WEB', id: '10001', name: 'Web', style: 'team-managed', workflow: TEAM_WORKFLOW },
      { key: 'CORE', id: '10002', name: 'Core', style: 'company-managed', workflow: COMPANY_WORKFLOW },
    ],
    boards: [{ id: 7, name: 'WEB board', projectKey: 'WEB' }],
    sprints: [
      { id: 41, name: 'Sprint 14', state: 'closed', boardId: 7, startDate: dayTime(today, -17), endDate: dayTime(today, -4) },
      { id: 42, name: 'Sprint 15', state: 'active', boardId: 7, startDate: dayTime(today, -3), endDate: dayTime(today, 10) },
      { id: 43, name: 'Sprint 16', state: 'future', boardId: 7, startDate: dayTime(today, 11), endDate: dayTime(today, 24) },
    ],
    issues: [
      { key: 'WEB-1', summary: 'Avatars', type: 'Epic', status: 'Doing' },
      {
        key: 'WEB-2', summary: 'Add avatar upload', type: 'Story', priority: 'High', points: 3, originalEstimateSeconds: 7200,
        parent: 'WEB-1', sprints: [41, 42], components: ['Web UI'], labels: ['avatar', 'frontend'], assignee: ada,
        description: {
          type: 'doc', attrs: { version: 1 },
          content: [
            { type: 'paragraph', content: [{ type: 'text', text: 'Users upload a picture on ' }, { type: 'text', text: 'apps/web/src/profile.js', marks: [{ type: 'code' }] }, { type: 'text', text: '.' }] },
            { type: 'paragraph', content: [{ type: 'text', text: 'Files:' }] },
            { type: 'bulletList', content: [
              { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'libs/avatar/**' }] }] },
              { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: '../secrets.txt' }] }] },
            ] },
            { type: 'paragraph', content: [{ type: 'text', text: 'Ask ' }, { type: 'mention', attrs: { id: bob.accountId, text: '@Bob Kahn' } }, { type: 'hardBreak' }, { type: 'text', text: 'before merging.' }] },
          ],
        },
      },
      { key: 'WEB-3', summary: 'Limit upload size', type: 'Bug', status: 'Shipped', parent: 'WEB-1', sprints: [42], priority: 'Highest' },
      { key: 'WEB-4', summary: 'Resize avatars', parent: 'WEB-1', sprints: [42], assignee: bob, description: adfDocument('Resize in libs/avatar/src/resize.js') },
      { key: 'WEB-5', summary: 'Create the storage bucket', blocks: ['WEB-4'], relatesTo: ['WEB-2'], sprints: [42], priority: 'Low' },
      { key: 'WEB-6', summary: 'Crop avatars', parent: 'WEB-1', sprints: [42], priority: 'Lowest' },
      { key: 'WEB-7', summary: 'Document avatars', type: 'Task', sprints: [42], labels: ['docs'] },
      { key: 'WEB-8', summary: 'Avatar placeholder', sprints: [42], status: 'Doing' },
      { key: 'CORE-1', summary: 'Login', type: 'Epic' },
      { key: 'CORE-2', summary: 'Fix login redirect', type: 'Story', epicLink: 'CORE-1', blocks: ['CORE-3'], priority: 'Major', assignee: ada, description: adfDocument('Files: libs/auth/src/redirect.js') },
      { key: 'CORE-3', summary: 'Remember me', type: 'Story', epicLink: 'CORE-1', status: 'In Progress' },
      { key: 'CORE-4', summary: 'Lockout after 5 tries', type: 'Story', epicLink: 'CORE-1', status: 'Blocked' },
      { key: 'CORE-5', summary: 'Old login page', type: 'Story', epicLink: 'CORE-1', status: 'Closed' },
    ],
  };
}
