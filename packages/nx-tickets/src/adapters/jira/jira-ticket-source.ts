import { isTicketKey, type Problem, type Selection, type SprintWindow, type Ticket, type TicketBatch, type TicketSource } from '@nx-tickets/core';
import type { JiraSourceConfig } from '../../config/config-schema.js';
import { callJira, type JiraRetryOptions } from './call-jira.js';
import { createJiraClients, type JiraClients } from './create-jira-clients.js';
import { readJiraCredentials } from './jira-credentials.js';
import { JiraError } from './jira-error.js';
import { jiraFieldList, mapJiraIssue, type JiraMappingContext } from './map-jira-issue.js';
import { readJiraFields, type JiraFieldIds } from './read-jira-fields.js';
import { searchJiraIssues, type JiraIssue } from './search-jira-issues.js';

/** Options of {@link JiraTicketSource}. */
export interface JiraTicketSourceOptions {
  /** The validated `source` block (`type: "jira"`). */
  config: JiraSourceConfig;
  /** Where credentials come from (`process.env`): `JIRA_EMAIL` + `JIRA_API_TOKEN`, or `JIRA_PAT`. */
  env: Readonly<Record<string, string | undefined>>;
  /** Retry policy for 429 and 5xx (tests shorten it). */
  retry?: JiraRetryOptions;
  /** Issues per search page (default 100). */
  pageSize?: number;
  /** Keys per `key in (…)` query (default 50). */
  keyBatchSize?: number;
  /** Today as `YYYY-MM-DD` (default: the local date). */
  today?: () => string;
}

const localToday = (): string => {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
};
/** A JQL string literal. */
const quote = (value: string): string => `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
const MISSING_KEY = /An issue with key '([^']+)' does not exist/;
const MAX_DEPENDENCY_ROUNDS = 20;

/**
 * Tickets from Jira Cloud (jira.js). For a selection it fetches the candidates — keys in batches
 * (`key in (…)`), an epic's children (`parent = KEY`, else `"Epic Link" = KEY` on company-managed
 * projects) plus the epic, a sprint (the board's active sprint through the agile API, else
 * `sprint in openSprints() AND project = P`; `--sprint NAME|ID` alike), or every open ticket of the
 * project — then, transitively, the tickets they depend on (`Blocks` links). Done tickets are
 * returned with status `done`: the core keeps them out of the selection. Every search is the
 * enhanced JQL search (see `searchJiraIssues`).
 */
export class JiraTicketSource implements TicketSource {
  readonly type = 'jira' as const;
  private readonly config: JiraSourceConfig;
  private readonly options: JiraTicketSourceOptions;

  constructor(options: JiraTicketSourceOptions) {
    this.config = options.config;
    this.options = options;
  }

  /**
   * @throws JiraError (exit 2): `NX_TICKETS_JIRA_CREDENTIALS_MISSING`, `…_UNAUTHORIZED` (401, names
   *   the env vars), `…_PROJECT_NOT_FOUND`, `…_BOARD_NOT_FOUND`, `…_NO_ACTIVE_SPRINT`,
   *   `…_SPRINT_NOT_FOUND`, `…_BAD_REQUEST` (a JQL error), `…_UNREACHABLE`; exit 1 for 429/5xx that
   *   outlasted the retries.
   */
  async fetchTickets(selection: Selection, options: { signal?: AbortSignal } = {}): Promise<TicketBatch> {
    const { host } = this.config;
    const clients = createJiraClients(host, readJiraCredentials(this.options.env));
    const call = { ...this.options.retry, ...(options.signal ? { signal: options.signal } : {}) };
    const [fields] = await Promise.all([
      readJiraFields(clients.v3, host, this.config.storyPointsField, call),
      this.checkProject(clients, call),
    ]);
    const warnings: Problem[] = [...fields.warnings];
    const fieldList = jiraFieldList(fields.ids);
    const search = (jql: string) => searchJiraIssues(clients.v3, host, jql, fieldList, { ...call, ...(this.options.pageSize ? { pageSize: this.options.pageSize } : {}) });

    const candidates = await this.fetchCandidates(selection, clients, search, call, fields.ids.epicLink !== undefined);
    const context: JiraMappingContext = {
      host,
      fields: fields.ids,
      componentProjects: this.config.componentProjects,
      ...(candidates.sprints ? { preferSprintIds: new Set(candidates.sprints.map((s) => s.id as string)) } : {}),
    };
    const mapped = await this.mapWithDependencies(candidates.issues, context, search);
    for (const ticket of mapped.tickets) {
      // Children found by `parent =` whose parent is not typed as an epic still belong to it.
      if (selection.epic && ticket.epic === undefined && candidates.epicMembers?.has(ticket.key)) ticket.epic = selection.epic;
    }
    warnings.push(...mapped.warnings);
    const current = selection.sprint?.toLowerCase() === 'current';
    let sprints = candidates.sprints ?? mapped.sprints.filter((s) => !current || s.state === 'active').map(({ state: _state, ...window }) => window);
    if (current) sprints = this.keepCurrent(sprints, warnings);
    return { tickets: mapped.tickets, sprints, errors: [], warnings };
  }

  /**
   * The issues a selection names: keys; an epic's children (`parent =`, else `"Epic Link" =`) and the
   * epic; a sprint (by board, else by JQL sprint functions); or the project's open issues. `sprints`
   * is set when the board named them.
   */
  private async fetchCandidates(
    selection: Selection,
    clients: JiraClients,
    search: (jql: string) => Promise<JiraIssue[]>,
    call: JiraRetryOptions & { signal?: AbortSignal },
    hasEpicLink: boolean,
  ): Promise<{ issues: JiraIssue[]; sprints?: SprintWindow[]; epicMembers?: Set<string> }> {
    const { project } = this.config;
    if (selection.epic) {
      let children = await search(`parent = ${quote(selection.epic)} ORDER BY key`);
      if (children.length === 0 && hasEpicLink) children = await search(`"Epic Link" = ${quote(selection.epic)} ORDER BY key`);
      return { issues: [...children, ...(await this.fetchByKeys([selection.epic], search))], epicMembers: new Set(children.map((issue) => issue.key)) };
    }
    if (selection.sprint) {
      const found = await this.findSprints(clients, selection.sprint, call);
      if (found) return { issues: await search(`sprint in (${found.map((s) => s.id).join(', ')}) ORDER BY key`), sprints: found };
      const jql = selection.sprint.toLowerCase() === 'current'
        ? `sprint in openSprints() AND project = ${quote(project)} ORDER BY key`
        : `sprint = ${/^\d+$/.test(selection.sprint) ? selection.sprint : quote(selection.sprint)} ORDER BY key`;
      return { issues: await search(jql) };
    }
    if (selection.allReady) return { issues: await search(`project = ${quote(project)} AND statusCategory != Done ORDER BY key`) };
    return { issues: await this.fetchByKeys(selection.keys, search) };
  }

  /**
   * Map the issues to tickets, fetching the tickets they depend on (`Blocks` links), transitively
   * (at most 20 rounds), so links and `--with-dependencies` can be checked. Also returns every
   * sprint the issues' Sprint fields name, once.
   */
  private async mapWithDependencies(
    found: JiraIssue[],
    context: JiraMappingContext,
    search: (jql: string) => Promise<JiraIssue[]>,
  ): Promise<{ tickets: Ticket[]; sprints: (SprintWindow & { state?: string })[]; warnings: Problem[] }> {
    const tickets = new Map<string, Ticket>();
    const sprints = new Map<string, SprintWindow & { state?: string }>();
    const warnings: Problem[] = [];
    const asked = new Set(found.map((issue) => issue.key));
    let batch = found;
    for (let round = 0; round <= MAX_DEPENDENCY_ROUNDS && batch.length > 0; round += 1) {
      for (const issue of batch) {
        if (tickets.has(issue.key)) continue;
        const mapped = mapJiraIssue(issue, context);
        tickets.set(issue.key, mapped.ticket);
        warnings.push(...mapped.warnings);
        for (const sprint of mapped.sprints) if (sprint.id !== undefined && !sprints.has(sprint.id)) sprints.set(sprint.id, sprint);
      }
      const missing = [...new Set([...tickets.values()].flatMap((t) => t.dependsOn))].filter((key) => !asked.has(key) && isTicketKey(key));
      for (const key of missing) asked.add(key);
      batch = missing.length === 0 ? [] : await this.fetchByKeys(missing, search);
    }
    return { tickets: [...tickets.values()], sprints: [...sprints.values()], warnings };
  }

  /** `GET /rest/api/3/project/{key}`: a clear error for a wrong project key (and wrong credentials) first. */
  private async checkProject(clients: JiraClients, call: JiraRetryOptions & { signal?: AbortSignal }): Promise<void> {
    const { host, project } = this.config;
    try {
      await callJira(host, `read project ${project}`, () => clients.v3.projects.getProject({ projectIdOrKey: project }), call);
    } catch (error) {
      if ((error as JiraError).status === 404) {
        throw new JiraError('NX_TICKETS_JIRA_PROJECT_NOT_FOUND', `Jira at ${host} has no project ${project} that these credentials can see.`, {
          status: 404,
          hint: 'Set options.source.project in nx.json to a project key from Jira (the prefix of its issue keys), or use credentials that can browse it.',
        });
      }
      throw error;
    }
  }

  /**
   * Issues by key, `key in (…)` in batches. Jira rejects a whole query naming a key that does not
   * exist; those keys are dropped (the core reports them as unknown) and the batch asked again.
   */
  private async fetchByKeys(keys: readonly string[], search: (jql: string) => Promise<JiraIssue[]>): Promise<JiraIssue[]> {
    const wanted = [...new Set(keys)].filter(isTicketKey).filter((key) => !key.startsWith('#'));
    const size = this.options.keyBatchSize ?? 50;
    const found: JiraIssue[] = [];
    for (let start = 0; start < wanted.length; start += size) {
      let batch = wanted.slice(start, start + size);
      while (batch.length > 0) {
        try {
          found.push(...(await search(`key in (${batch.join(', ')}) ORDER BY key`)));
          break;
        } catch (error) {
          const missing = new Set(((error as JiraError).jiraMessages ?? []).map((m) => MISSING_KEY.exec(m)?.[1]).filter((k): k is string => k !== undefined));
          const rest = batch.filter((key) => !missing.has(key));
          if ((error as JiraError).status !== 400 || missing.size === 0 || rest.length === batch.length) throw error;
          batch = rest;
        }
      }
    }
    return found;
  }

  /**
   * With a board: its sprints through the agile API (`GET /rest/agile/1.0/board/{id}/sprint`) —
   * the active ones for `current`, else the one whose id or name (case-insensitive) matches.
   * Without a board: `undefined` (the search then uses JQL sprint functions).
   */
  private async findSprints(clients: JiraClients, wanted: string, call: JiraRetryOptions & { signal?: AbortSignal }): Promise<SprintWindow[] | undefined> {
    const { host, board } = this.config;
    if (board === undefined) return undefined;
    const current = wanted.toLowerCase() === 'current';
    const values: { id?: number; name?: string; startDate?: string; endDate?: string }[] = [];
    for (let startAt = 0; ; ) {
      let page;
      try {
        page = await callJira(host, `read the sprints of board ${board}`, () => clients.agile.board.getAllSprints({ boardId: board, startAt, maxResults: 50, ...(current ? { state: 'active' } : {}) }), call);
      } catch (error) {
        if ((error as JiraError).status !== 404) throw error;
        throw new JiraError('NX_TICKETS_JIRA_BOARD_NOT_FOUND', `Jira at ${host} has no board ${board} that these credentials can see.`, { status: 404, hint: 'Set options.source.board in nx.json to the id in the board\'s URL (…/boards/<id>), or remove it to use openSprints().' });
      }
      values.push(...(page.values ?? []));
      if (page.isLast !== false || (page.values ?? []).length === 0) break;
      startAt += (page.values ?? []).length;
    }
    const windows = values.map((s) => ({ name: s.name ?? String(s.id), id: String(s.id), ...(s.startDate ? { start: s.startDate.slice(0, 10) } : {}), ...(s.endDate ? { end: s.endDate.slice(0, 10) } : {}) }));
    if (current) {
      if (windows.length === 0) throw new JiraError('NX_TICKETS_JIRA_NO_ACTIVE_SPRINT', `Board ${board} in Jira has no active sprint.`, { hint: 'Start a sprint on the board, or pass --sprint NAME or ticket keys.' });
      return windows;
    }
    const match = windows.find((s) => s.id === wanted.trim()) ?? windows.find((s) => s.name.toLowerCase() === wanted.trim().toLowerCase());
    if (!match) throw new JiraError('NX_TICKETS_JIRA_SPRINT_NOT_FOUND', `Board ${board} in Jira has no sprint named or numbered "${wanted}".`, { hint: 'Pass --sprint current, or a sprint name or id from the board.' });
    return [match];
  }

  /**
   * The core picks the current sprint by its dates; an active sprint past its end date (not closed
   * yet) is still current in Jira, so its dates are dropped, with a warning.
   */
  private keepCurrent(sprints: SprintWindow[], warnings: Problem[]): SprintWindow[] {
    const today = (this.options.today ?? localToday)();
    const within = (s: SprintWindow) => (!s.start || s.start <= today) && (!s.end || today <= s.end);
    if (sprints.length === 0 || sprints.some(within)) return sprints;
    const [first, ...rest] = sprints as [SprintWindow, ...SprintWindow[]];
    warnings.push({ where: 'selection', message: `the active sprint "${first.name}" runs ${first.start ?? '?'}–${first.end ?? '?'}, which does not include ${today}; it is used as the current sprint` });
    return [{ name: first.name, ...(first.id ? { id: first.id } : {}) }, ...rest];
  }
}
