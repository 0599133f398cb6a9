import type { HostTicket } from '@nx-tickets/core';

const MAX_FILES = 50;

/**
 * The pull request body of a ticket: the ticket link, predicted versus actual files (predicted but
 * untouched, and unplanned ones marked), the verification result and `Closes #N` for GitHub issues.
 * Pure; Markdown.
 */
export function formatPullRequestBody(ticket: HostTicket): string {
  const lines = [`Ticket: ${ticket.ticketUrl ? `[${ticket.key}](${ticket.ticketUrl})` : ticket.key}`, ''];
  const predicted = new Set(ticket.predictedFiles);
  const actual = new Set(ticket.actualFiles);
  lines.push('### Files', '', '| file | predicted | changed |', '| --- | --- | --- |');
  const files = [...new Set([...ticket.actualFiles, ...ticket.predictedFiles])].sort();
  for (const file of files.slice(0, MAX_FILES)) lines.push(`| \`${file.replaceAll('|', '\\|').replaceAll('`', "'")}\` | ${predicted.has(file) ? 'yes' : 'no'} | ${actual.has(file) ? 'yes' : 'no'} |`);
  if (files.length > MAX_FILES) lines.push(`| … ${files.length - MAX_FILES} more | | |`);
  lines.push('', '### Verification', '', formatVerification(ticket));
  if (ticket.closes && ticket.closes.length > 0) lines.push('', ...ticket.closes.map((n) => `Closes #${n}`));
  lines.push('', '<sub>Opened by nx-tickets.</sub>');
  return `${lines.join('\n')}\n`;
}

function formatVerification(ticket: HostTicket): string {
  const v = ticket.verification;
  if (!v) return 'not recorded';
  if (v.skipped) return 'nothing verified (no `verify.targets` configured)';
  const projects = v.projects.length > 0 ? v.projects.join(', ') : 'no project affected';
  return `\`nx affected -t ${v.targets.join(' ')}\` passed for ${projects}${v.note ? ` (${v.note})` : ''}`;
}
