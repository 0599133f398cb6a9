import { isTicketKey, NxTicketsError } from '@nx-tickets/core';
import type { RunTicketsWorkflowOptions } from './build-run-tickets-workflow.js';
import type { CiWorkflowGeneratorSchema } from './schema.js';

const invalid = (message: string, hint: string): NxTicketsError => new NxTicketsError('NX_TICKETS_INVALID_OPTION', message, { hint });

/**
 * Check the generator's options and fill in defaults: 3 shards, every ready ticket, Node 20, the
 * base branch `defaultBase`. Values end up in shell lines and `${{ }}`-evaluated YAML, so each is
 * held to a plain character set.
 *
 * @param defaultBase nx.json `defaultBase`, else `main`.
 * @throws NxTicketsError `NX_TICKETS_INVALID_OPTION` naming the option and what it accepts.
 */
export function resolveCiWorkflowOptions(schema: CiWorkflowGeneratorSchema, defaultBase: string): RunTicketsWorkflowOptions {
  const shards = schema.shards ?? 3;
  if (!Number.isInteger(shards) || shards < 1) throw invalid(`--shards ${String(shards)} is not a whole number of at least 1.`, 'Pass e.g. --shards 3.');
  const given = (['epic', 'sprint', 'tickets'] as const).filter((name) => schema[name] !== undefined);
  if (given.length > 1) throw invalid(`Choose one way to select tickets: ${given.map((n) => `--${n}`).join(' and ')} cannot be combined.`, 'Pass one of --epic, --sprint or --tickets, or none for every ready ticket.');
  const nodeVersion = schema.nodeVersion ?? '20';
  if (!/^[\w.*/-]+$/.test(nodeVersion)) throw invalid(`--nodeVersion "${nodeVersion}" is not a Node.js version.`, 'Pass e.g. --nodeVersion 20 or --nodeVersion 22.x.');
  const baseBranch = schema.baseBranch ?? defaultBase;
  if (!/^[\w][\w./-]*$/.test(baseBranch) || baseBranch.includes('..') || baseBranch.endsWith('/') || baseBranch.endsWith('.')) throw invalid(`--baseBranch "${baseBranch}" is not a branch name this workflow can use.`, 'Pass a branch name of letters, digits, ".", "_", "-" and "/", e.g. --baseBranch main.');
  return { shards, selection: selectionOf(schema), nodeVersion, baseBranch };
}

function selectionOf(schema: CiWorkflowGeneratorSchema): string[] {
  if (schema.epic !== undefined) {
    if (!isTicketKey(schema.epic)) throw invalid(`--epic "${schema.epic}" is not a ticket key.`, 'Pass the key of the epic ticket, e.g. --epic EPIC-10.');
    return ['--epic', schema.epic];
  }
  if (schema.sprint !== undefined) {
    const sprint = schema.sprint.trim();
    if (!/^[\w][\w .:-]*$/.test(sprint)) throw invalid(`--sprint "${schema.sprint}" is not a sprint this workflow can name.`, 'Pass --sprint current, or a sprint name or id of letters, digits, spaces, ".", ":" and "-".');
    return ['--sprint', sprint];
  }
  if (schema.tickets !== undefined) {
    const keys = schema.tickets.split(/[\s,]+/).filter(Boolean);
    const bad = keys.find((key) => !isTicketKey(key));
    if (keys.length === 0 || bad !== undefined) throw invalid(bad === undefined ? '--tickets names no ticket.' : `--tickets: "${bad}" is not a ticket key.`, 'Pass keys separated by spaces or commas, e.g. --tickets "PROJ-1 PROJ-2".');
    return keys;
  }
  return ['--all-ready'];
}
