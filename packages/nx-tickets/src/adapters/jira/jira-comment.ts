import { createHash } from 'node:crypto';
import { retryAdvice, type StatusUpdate } from '@nx-tickets/core';

/** An ADF node (Atlassian Document Format), as nx-tickets writes comments. */
export interface AdfBlock {
  type: string;
  text?: string;
  attrs?: Record<string, unknown>;
  marks?: { type: string; attrs?: Record<string, unknown> }[];
  content?: AdfBlock[];
}

const MAX_REASON = 2000;
const text = (value: string, marks?: AdfBlock['marks']): AdfBlock => ({ type: 'text', text: value, ...(marks ? { marks } : {}) });
const link = (href: string, label = href): AdfBlock => text(label, [{ type: 'link', attrs: { href } }]);

/**
 * The marker that makes a comment idempotent: written in the comment, searched for before writing.
 * `nx-tickets:pull-request:<url>`, `nx-tickets:merged:<sha>`, `nx-tickets:failed:<step>:<hash of status and reason>`.
 */
export function commentMarker(update: Exclude<StatusUpdate, { type: 'started' }>): string {
  switch (update.type) {
    case 'pull-request':
      return `nx-tickets:pull-request:${update.url}`;
    case 'merged':
      return `nx-tickets:merged:${update.sha}`;
    case 'failed':
      return `nx-tickets:failed:${update.step}:${createHash('sha256').update(`${update.status}\n${update.reason}`).digest('hex').slice(0, 12)}`;
  }
}

/**
 * The ADF comment for an update: what happened, links, and for a failure the reason (cut at 2,000
 * characters) and a mention of the assignee (`accountId`), then the marker in a small code span.
 * Text from the run (reasons, file names) only ever goes into text nodes.
 */
export function buildComment(update: Exclude<StatusUpdate, { type: 'started' }>, assignee?: { accountId: string; displayName?: string }): AdfBlock {
  const lines: AdfBlock[][] = [];
  if (update.type === 'pull-request') {
    lines.push([text(`nx-tickets opened pull request #${update.number}: `), link(update.url)]);
  } else if (update.type === 'merged') {
    lines.push([text(`nx-tickets merged this ticket into ${update.base} as `), text(update.sha.slice(0, 12), [{ type: 'code' }]), ...(update.pullRequestUrl ? [text(' ('), link(update.pullRequestUrl), text(')')] : []), text('.')]);
  } else {
    const reason = update.reason.length > MAX_REASON ? `${update.reason.slice(0, MAX_REASON)}…` : update.reason;
    const what = update.status === 'blocked' ? 'is blocked' : update.status === 'conflict' ? 'was set aside with a merge conflict' : `failed at step ${update.step}`;
    lines.push([
      ...(assignee ? [{ type: 'mention', attrs: { id: assignee.accountId, text: `@${assignee.displayName ?? 'assignee'}` } }, text(' ')] : []),
      text(`nx-tickets: this ticket ${what}.`),
    ]);
    lines.push([text(reason)]);
    lines.push(retryAdvice(update).map((part) => ('code' in part ? text(part.code, [{ type: 'code' }]) : text(part.text))));
  }
  lines.push([text(commentMarker(update), [{ type: 'code' }])]);
  return { type: 'doc', attrs: { version: 1 }, content: lines.map((content) => ({ type: 'paragraph', content })) } as AdfBlock;
}
