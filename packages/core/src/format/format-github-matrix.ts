import type { Sharding } from '../planning/build-shards.js';

/** One job of the matrix (`matrix.shard`, `matrix.total`, `matrix.tickets`, …). */
export interface GithubMatrixEntry {
  /** 1-based shard index, for `nx-tickets run --shard <shard>/<total>`. */
  shard: number;
  total: number;
  /** Keys separated by spaces, for a command line. */
  tickets: string;
  keys: string[];
  estimateMinutes: number;
}

/**
 * The shards as a GitHub Actions matrix: `{"include":[{"shard":1,"total":2,"tickets":"A-1 A-2",…}]}`
 * on one line, for `echo "matrix=$(…)" >> "$GITHUB_OUTPUT"` and `strategy.matrix: ${{ fromJSON(…) }}`.
 * Ends with a newline.
 */
export function formatGithubMatrix(sharding: Sharding): string {
  const total = sharding.shards.length;
  const include: GithubMatrixEntry[] = sharding.shards.map((s) => ({ shard: s.index, total, tickets: s.keys.join(' '), keys: s.keys, estimateMinutes: s.estimateMinutes }));
  return `${JSON.stringify({ include })}\n`;
}
