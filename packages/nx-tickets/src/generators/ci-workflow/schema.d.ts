/** Options of the `nx-tickets:ci-workflow` generator; schema.json is the source of truth. */
export interface CiWorkflowGeneratorSchema {
  /** At most this many shards, default 3. */
  shards?: number;
  /** Select the open tickets of this epic. */
  epic?: string;
  /** Select a sprint: `current`, a name or an id. */
  sprint?: string;
  /** Select these keys, separated by spaces or commas. */
  tickets?: string;
  /** Node.js version of the jobs, default `20`. */
  nodeVersion?: string;
  /** Base branch, default nx.json `defaultBase`, else `main`. */
  baseBranch?: string;
  skipFormat?: boolean;
}
