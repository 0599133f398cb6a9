/** Options of the `nx-tickets:run-tickets` executor; schema.json is the source of truth. */
export interface RunTicketsExecutorSchema {
  /** Positional ticket keys (`nx run-tickets -- PROJ-1 PROJ-2`). */
  _?: Array<string | number>;
  /** Ticket keys from target options, combined with the positional ones. */
  keys?: string[];
  /** Print the plan and change nothing. */
  dryRun?: boolean;
  /** Write progress back to Jira / GitHub issues (default true; `--no-sync` is false). */
  sync?: boolean;
  epic?: string;
  /** `current`, a sprint name or an id (Nx parses a bare number as a number). */
  sprint?: string | number;
  allReady?: boolean;
  withDependencies?: boolean;
  json?: boolean;
  base?: string;
  maxThreads?: number;
  /** `i/n`: run only shard `i` of `n` of the plan (build and push, no merge), as `nx-tickets run --shard`. */
  shard?: string;
  color?: boolean;
}
