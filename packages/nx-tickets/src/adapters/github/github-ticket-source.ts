import type { Problem, Selection, SprintWindow, Ticket, TicketBatch, TicketSource } from '@nx-tickets/core';
import type { GitHubClient } from './github-client.js';
import { isHttpFailure, toGitHubError } from './github-error.js';
import { mapIssue, type IssueJson, type IssueMapping } from './map-issue.js';

/** Options of {@link GitHubTicketSource}. */
export interface GitHubTicketSourceOptions extends IssueMapping {
  client: GitHubClient;
  owner: string;
  repo: string;
  /** `--epic NAME` without `#`: issues labelled `<epicLabel><NAME>`. */
  epicLabel?: string;
  /** The token, only to redact it from messages. */
  token?: string;
}

/** How many dependency levels are followed to find the issues a selection depends on. */
const MAX_DEPENDENCY_DEPTH = 5;

/**
 * GitHub issues as tickets (`source.type: "github"`), keys `#42` (or `owner/repo#42` of the
 * configured repository). `--epic #10` selects the sub-issues of #10 (`GET
 * /repos/{owner}/{repo}/issues/{issue_number}/sub_issues`), `--epic NAME` the issues labelled
 * `<epicLabel>NAME`; `--sprint current` the open milestone with the nearest due date, `--sprint
 * NAME` a milestone by title; `--all-ready` every open issue. Dependencies come from the body and
 * GitHub's issue dependencies (`GET …/dependencies/blocked_by`, skipped when the API lacks it),
 * and are fetched too (a few levels), so links and `--with-dependencies` can be checked.
 */
export class GitHubTicketSource implements TicketSource {
  readonly type = 'github' as const;

  constructor(private readonly options: GitHubTicketSourceOptions) {}

  /**
   * @throws GitHubError (exit 2) when GitHub refuses the token or the repository; unknown keys are
   *   returned as errors of the batch.
   */
  async fetchTickets(selection: Selection): Promise<TicketBatch> {
    try {
      return await this.fetch(selection);
    } catch (error) {
      const wrapped = toGitHubError(error, `read issues of ${this.options.owner}/${this.options.repo}`, this.options.token);
      throw Object.assign(wrapped, { exitCode: 2 });
    }
  }

  private async fetch(selection: Selection): Promise<TicketBatch> {
    const { client, owner, repo } = this.options;
    const errors: Problem[] = [];
    const warnings: Problem[] = [];
    const sprints = await this.readSprints();
    const tickets = new Map<string, Ticket>();
    const add = async (issue: IssueJson, epic?: string) => {
      if (issue.pull_request !== undefined || tickets.has(`#${issue.number}`)) return;
      tickets.set(`#${issue.number}`, mapIssue(issue, this.options, { blockedBy: await this.blockedBy(issue.number), ...(epic ? { epic } : {}) }));
    };
    for (const key of selection.keys) {
      const number = this.numberOf(key);
      if (number === undefined) {
        errors.push({ where: 'selection', ticket: key, message: `${key} is not an issue of ${owner}/${repo}; use #N or ${owner}/${repo}#N` });
        continue;
      }
      const issue = await this.issue(number);
      if (!issue || issue.pull_request !== undefined) errors.push({ where: 'selection', ticket: key, message: `unknown ticket ${key}: ${owner}/${repo} has no issue #${number}` });
      else await add(issue);
    }
    if (selection.epic) {
      const number = this.numberOf(selection.epic);
      if (number !== undefined) {
        const parent = await this.issue(number);
        if (parent) tickets.set(`#${number}`, { ...mapIssue(parent, this.options), type: 'epic' });
        const { data } = await client.rest.issues.listSubIssues({ owner, repo, issue_number: number, per_page: 100 });
        for (const child of data as IssueJson[]) await add(child, `#${number}`);
      } else if (this.options.epicLabel) {
        for (const issue of await this.list({ state: 'all', labels: `${this.options.epicLabel}${selection.epic}` })) await add(issue, selection.epic);
      } else {
        errors.push({ where: 'selection', message: `--epic ${selection.epic}: name the parent issue as #N, or set source.epicLabel to select by label` });
      }
    }
    if (selection.sprint) {
      const today = new Date().toISOString().slice(0, 10);
      // The same rule as the core's `current`: the first (nearest due) sprint not yet over.
      const wanted = selection.sprint.toLowerCase() === 'current' ? sprints.find((s) => !s.end || today <= s.end) : sprints.find((s) => s.name.toLowerCase() === selection.sprint?.toLowerCase());
      const milestone = wanted ? await this.milestoneNumber(wanted.name) : undefined;
      if (milestone !== undefined) for (const issue of await this.list({ state: 'all', milestone: String(milestone) })) await add(issue);
    }
    if (selection.allReady) for (const issue of await this.list({ state: 'open' })) await add(issue);
    await this.addDependencies(tickets, add, warnings);
    return { tickets: [...tickets.values()], sprints, errors, warnings };
  }

  /** Fetch the issues the tickets depend on (transitively, a few levels), as tickets too. */
  private async addDependencies(tickets: Map<string, Ticket>, add: (issue: IssueJson) => Promise<void>, warnings: Problem[]): Promise<void> {
    for (let depth = 0; depth < MAX_DEPENDENCY_DEPTH; depth += 1) {
      const missing = [...new Set([...tickets.values()].flatMap((t) => t.dependsOn))].filter((k) => !tickets.has(k));
      if (missing.length === 0) return;
      for (const key of missing) {
        const issue = await this.issue(Number(key.slice(1)));
        if (issue) await add(issue);
        else warnings.push({ where: key, message: `dependency ${key} is not an issue of ${this.options.owner}/${this.options.repo}` });
      }
      if (missing.every((k) => !tickets.has(k))) return;
    }
  }

  /** `#42` or `owner/repo#42` of this repository → 42. */
  private numberOf(key: string): number | undefined {
    const match = /^(?:([\w.-]+)\/([\w.-]+))?#(\d+)$/.exec(key.trim());
    if (!match) return undefined;
    if (match[1] && (match[1].toLowerCase() !== this.options.owner.toLowerCase() || match[2]?.toLowerCase() !== this.options.repo.toLowerCase())) return undefined;
    return Number(match[3]);
  }

  /** `GET /repos/{owner}/{repo}/issues/{issue_number}`; `undefined` on 404/410. */
  private async issue(number: number): Promise<IssueJson | undefined> {
    const { client, owner, repo } = this.options;
    try {
      return (await client.rest.issues.get({ owner, repo, issue_number: number })).data as IssueJson;
    } catch (error) {
      if (isHttpFailure(error) && (error.status === 404 || error.status === 410)) return undefined;
      throw error;
    }
  }

  /** `GET /repos/{owner}/{repo}/issues` (pull requests left out), every page. */
  private async list(query: { state: 'open' | 'all'; labels?: string; milestone?: string }): Promise<IssueJson[]> {
    const { client, owner, repo } = this.options;
    const issues = (await client.paginate(client.rest.issues.listForRepo, { owner, repo, per_page: 100, ...query })) as IssueJson[];
    return issues.filter((i) => i.pull_request === undefined);
  }

  /** Numbers of the issues blocking `number` (GitHub's issue dependencies); `[]` where the API lacks them. */
  private async blockedBy(number: number): Promise<number[]> {
    const { client, owner, repo } = this.options;
    try {
      const { data } = await client.rest.issues.listDependenciesBlockedBy({ owner, repo, issue_number: number, per_page: 100 });
      return (data as Array<{ number: number; state: string }>).filter((i) => i.state === 'open').map((i) => i.number);
    } catch (error) {
      if (isHttpFailure(error) && (error.status === 404 || error.status === 410)) return [];
      throw error;
    }
  }

  /** Open milestones as sprints, nearest due date first (no due date last): `current` is the first. */
  private async readSprints(): Promise<SprintWindow[]> {
    const { client, owner, repo } = this.options;
    const { data } = await client.rest.issues.listMilestones({ owner, repo, state: 'open', sort: 'due_on', direction: 'asc', per_page: 100 });
    return data
      .map((m) => ({ name: m.title, ...(m.due_on ? { end: m.due_on.slice(0, 10) } : {}) }))
      .sort((a, b) => (a.end ?? '9999').localeCompare(b.end ?? '9999'));
  }

  private async milestoneNumber(title: string): Promise<number | undefined> {
    const { client, owner, repo } = this.options;
    const { data } = await client.rest.issues.listMilestones({ owner, repo, state: 'all', per_page: 100 });
    return data.find((m) => m.title.toLowerCase() === title.toLowerCase())?.number;
  }
}
