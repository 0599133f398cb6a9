import { NxTicketsError } from '@nx-tickets/core';

/** One shard of `n`, as `run --shard i/n` names it; `index` is 1-based. */
export interface ShardSpec {
  index: number;
  total: number;
}

/**
 * Read `--shard i/n` (`2/3`): whole numbers with 1 ≤ i ≤ n — the `shard` and `total` of one
 * entry of `plan --format github-matrix`.
 *
 * @throws NxTicketsError `NX_TICKETS_INVALID_ARGUMENTS` (exit 2) naming what is wrong.
 */
export function parseShard(text: string): ShardSpec {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const hint = 'Pass --shard i/n with 1 ≤ i ≤ n, e.g. --shard 1/3 (the shard and total of plan --format github-matrix).';
  if (!match) throw new NxTicketsError('NX_TICKETS_INVALID_ARGUMENTS', `--shard ${JSON.stringify(text)} is not of the form i/n.`, { hint, exitCode: 2 });
  const [index, total] = [Number(match[1]), Number(match[2])];
  if (total < 1) throw new NxTicketsError('NX_TICKETS_INVALID_ARGUMENTS', `--shard ${index}/${total}: there must be at least one shard.`, { hint, exitCode: 2 });
  if (index < 1 || index > total) throw new NxTicketsError('NX_TICKETS_INVALID_ARGUMENTS', `--shard ${index}/${total}: the shard must be between 1 and ${total}.`, { hint, exitCode: 2 });
  return { index, total };
}
