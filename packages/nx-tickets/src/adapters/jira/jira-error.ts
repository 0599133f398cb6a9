import { NxTicketsError } from '@nx-tickets/core';

/** How to give nx-tickets Jira credentials; the hint of every credentials error. */
export const JIRA_CREDENTIALS_HINT =
  'Set JIRA_EMAIL and JIRA_API_TOKEN (an API token of that Atlassian account) in the environment, or JIRA_PAT for a bearer token.';

/**
 * An error talking to Jira, with a stable `code` (`NX_TICKETS_JIRA_*`), the HTTP `status` when there
 * was one, and a hint. Its message and hint never contain credentials: they are built from the
 * status, the action and Jira's own error messages, never from the request.
 */
export class JiraError extends NxTicketsError {
  override readonly name = 'JiraError';
  /** HTTP status Jira answered with; `undefined` when it could not be reached. */
  readonly status: number | undefined;
  /** Jira's own error messages (`errorMessages`, `errors`), untrusted text. */
  readonly jiraMessages: string[];

  constructor(code: string, message: string, options: { status?: number; hint?: string; ticket?: string; exitCode?: number; jiraMessages?: string[] } = {}) {
    super(code, message, options);
    this.status = options.status;
    this.jiraMessages = options.jiraMessages ?? [];
  }
}

/** What jira.js throws: an `HttpException` (status, Jira's body) or an axios error without a response. */
interface JiraLikeError {
  status?: unknown;
  code?: unknown;
  message?: unknown;
  response?: unknown;
  cause?: { response?: { status?: number; data?: unknown; headers?: Record<string, unknown> }; code?: unknown };
}

/** The HTTP status of a jira.js error, if Jira answered. */
export function jiraStatus(error: unknown): number | undefined {
  const e = error as JiraLikeError | null;
  if (typeof e?.cause?.response?.status === 'number') return e.cause.response.status;
  if (typeof (e as { response?: { status?: unknown } } | null)?.response?.status === 'number') return (e as { response: { status: number } }).response.status;
  return typeof e?.status === 'number' && e.status >= 100 ? e.status : undefined;
}

/** `Retry-After` of a jira.js error, in seconds (delta-seconds or an HTTP date), if sent. */
export function jiraRetryAfterSeconds(error: unknown, now: () => number = Date.now): number | undefined {
  const headers = (error as JiraLikeError | null)?.cause?.response?.headers ?? (error as { response?: { headers?: Record<string, unknown> } } | null)?.response?.headers;
  const value = headers?.['retry-after'];
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now()) / 1000));
}

/** Jira's error messages from a JSON error body (`errorMessages` and `errors`), HTML and text ignored. */
export function jiraMessages(error: unknown): string[] {
  const data = (error as JiraLikeError | null)?.cause?.response?.data;
  if (data === null || typeof data !== 'object') return [];
  const body = data as { errorMessages?: unknown; errors?: unknown };
  const messages = Array.isArray(body.errorMessages) ? body.errorMessages.filter((m): m is string => typeof m === 'string') : [];
  if (body.errors && typeof body.errors === 'object') {
    for (const [field, message] of Object.entries(body.errors)) if (typeof message === 'string') messages.push(`${field}: ${message}`);
  }
  return messages.map((m) => m.replace(/\s+/g, ' ').trim()).filter(Boolean);
}

/** Network error code (`ECONNREFUSED`, …) when Jira could not be reached. */
function networkCode(error: unknown): string | undefined {
  const e = error as JiraLikeError | null;
  const code = e?.cause?.code ?? e?.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code) ? code : undefined;
}

/**
 * Turn whatever jira.js threw into a {@link JiraError} with one sentence a person can act on.
 * `action` says what was being done (`search for tickets (JQL: …)`, `move PROJ-1 to Done`).
 * 401 → `NX_TICKETS_JIRA_UNAUTHORIZED` naming the env vars; 403 `…_FORBIDDEN`; 404 `…_NOT_FOUND`;
 * 400 `…_BAD_REQUEST` (Jira's messages, e.g. a JQL error); 410 `…_GONE`; 429 `…_RATE_LIMITED`;
 * 5xx `…_SERVER_ERROR`; no answer `…_UNREACHABLE`. Already-converted errors pass through.
 */
export function toJiraError(error: unknown, host: string, action: string, ticket?: string): JiraError {
  if (error instanceof JiraError) return error;
  const status = jiraStatus(error);
  const messages = jiraMessages(error);
  const detail = messages.length > 0 ? `: ${messages.slice(0, 3).join(' ').replace(/[.\s]+$/, '')}` : '';
  const base = { ...(status === undefined ? {} : { status }), ...(ticket ? { ticket } : {}), jiraMessages: messages };
  if (status === undefined) {
    const code = networkCode(error) ?? 'no answer';
    return new JiraError('NX_TICKETS_JIRA_UNREACHABLE', `Jira at ${host} could not be reached to ${action} (${code}).`, { ...base, hint: 'Check options.source.host in nx.json and your network connection.' });
  }
  if (status === 401) {
    return new JiraError('NX_TICKETS_JIRA_UNAUTHORIZED', `Jira at ${host} did not accept the credentials (401) when asked to ${action}.`, { ...base, hint: JIRA_CREDENTIALS_HINT });
  }
  if (status === 403) {
    return new JiraError('NX_TICKETS_JIRA_FORBIDDEN', `Jira at ${host} refused to ${action} (403)${detail}.`, { ...base, hint: 'Ask a Jira admin for the permission, or use the credentials of an account that has it.' });
  }
  if (status === 404) return new JiraError('NX_TICKETS_JIRA_NOT_FOUND', `Jira at ${host} found nothing to ${action} (404)${detail}.`, { ...base, hint: 'Check the key or id, and options.source in nx.json.' });
  if (status === 410) return new JiraError('NX_TICKETS_JIRA_GONE', `Jira at ${host} has removed the API used to ${action} (410)${detail}.`, { ...base, hint: 'Update nx-tickets.' });
  if (status === 429) return new JiraError('NX_TICKETS_JIRA_RATE_LIMITED', `Jira at ${host} kept rate-limiting the request to ${action} (429).`, { ...base, hint: 'Wait a few minutes and run the command again.', exitCode: 1 });
  if (status >= 500) return new JiraError('NX_TICKETS_JIRA_SERVER_ERROR', `Jira at ${host} failed to ${action} (${status}).`, { ...base, hint: 'Jira may be having an outage; run the command again later.', exitCode: 1 });
  return new JiraError('NX_TICKETS_JIRA_BAD_REQUEST', `Jira at ${host} could not ${action} (${status})${detail}.`, { ...base, hint: 'Check the keys, sprint or epic you asked for, and options.source in nx.json.' });
}
