import { parseEstimate } from '@nx-tickets/core';
import { z } from 'zod';
import { describeUnsafePath } from '../validation/describe-unsafe-path.js';

const positiveInteger = z
  .int({ error: 'expected a positive integer' })
  .positive({ error: 'expected a positive integer' });
const positiveNumber = z.number({ error: 'expected a positive number' }).positive({ error: 'expected a positive number' });
const name = z.string({ error: 'expected a non-empty string' }).trim().min(1, { error: 'expected a non-empty string' });
const isoDate = z.iso.date({ error: 'expected a date as YYYY-MM-DD' });
const workspacePath = name.superRefine((value, ctx) => {
  const reason = describeUnsafePath(value);
  if (reason) ctx.addIssue({ code: 'custom', message: `${JSON.stringify(value)} ${reason}; use a workspace-relative path` });
});
const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `expected one of ${values.map((v) => `"${v}"`).join(', ')}` });

/** `"30s"`, `"2m"`, `"1h"`, `"500ms"` or a number of seconds → seconds. */
const seconds = z.union([positiveNumber, z.string()], { error: 'expected a duration like "30s" or a number of seconds' }).transform((value, ctx) => {
  if (typeof value === 'number') return value;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(value);
  const amount = match ? Number(match[1]) * { ms: 0.001, s: 1, m: 60, h: 3600 }[(match[2] ?? 's') as 'ms' | 's' | 'm' | 'h'] : 0;
  if (amount > 0) return amount;
  ctx.addIssue({ code: 'custom', message: 'expected a duration like "30s" or a number of seconds' });
  return z.NEVER;
});

const estimate = z.string({ error: 'expected an estimate like "2h", "90m" or "1d"' }).refine((text) => parseEstimate(text) !== undefined, {
  error: 'expected an estimate like "2h", "90m" or "1d"',
});

const httpUrl = z
  .url({ protocol: /^https?$/, error: 'expected an http(s) URL like "https://your-site.atlassian.net"' })
  .transform((value) => value.replace(/\/+$/, ''));

/**
 * Jira Cloud: where tickets live and where a run writes its progress back. Credentials are never
 * configured here: they come from `JIRA_EMAIL` + `JIRA_API_TOKEN`, or `JIRA_PAT`, in the environment.
 */
const jiraSource = z.strictObject({
  type: z.literal('jira'),
  /** Site URL, e.g. `https://your-site.atlassian.net` (no path). */
  host: httpUrl,
  /** Project key, e.g. `PROJ`: `--sprint current` without a board and `--all-ready` search in it. */
  project: z.string({ error: 'expected a Jira project key like "PROJ"' }).trim().regex(/^[A-Z][A-Z0-9_]*$/, { error: 'expected a Jira project key like "PROJ"' }),
  /** Board id (Jira Software): `--sprint current` uses its active sprint. */
  board: positiveInteger.optional(),
  /** Story points field: an id (`customfield_10016`) or its name; found by name when omitted. */
  storyPointsField: name.optional(),
  /** Jira component (or label) → Nx project, e.g. `{ "Web UI": "web" }`. */
  componentProjects: z.record(name, name, { error: 'expected a map like { "Web UI": "web" }' }).default({}),
  /** Status (or transition) name to move a started ticket to; default: the first in-progress one. */
  inProgressStatus: name.optional(),
  /** Status (or transition) name to move a merged ticket to; default: the first done one. */
  doneStatus: name.optional(),
});


const repoName = name.regex(/^[\w.-]+$/, { error: 'expected a GitHub owner or repository name' });
const apiUrl = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL like "https://github.example.com/api/v3"' });

/** Which GitHub repository: `owner`/`repo` default to the ones of the `origin` remote's URL. */
const githubRepository = {
  owner: repoName.optional(),
  repo: repoName.optional(),
  /** REST root for GitHub Enterprise Server (`https://HOST/api/v3`); default `https://api.github.com`. */
  baseUrl: apiUrl.optional(),
};

/** GitHub issues as tickets. */
const githubSource = z.strictObject({
  type: z.literal('github'),
  ...githubRepository,
  /** `--epic LABEL-NAME`: issues with this label prefix + epic (e.g. `epic:`) instead of sub-issues. */
  epicLabel: name.optional(),
  /** Label → Nx project (`{ "area/web": "web" }`); `project:NAME` labels always map to NAME. */
  labelProjects: z.record(name, name).default({}),
  /** Label prefix of estimates (`estimate:2h`). */
  estimateLabelPrefix: name.default('estimate:'),
  /** Comment on the issue when its ticket fails, is blocked or set aside. */
  commentOnFailure: z.boolean({ error: 'expected true or false' }).default(true),
});

/** `local` tickets are Markdown files; `jira` tickets come from Jira Cloud; `github` reads GitHub issues. */
const source = z.preprocess(
  (value) => (value !== null && typeof value === 'object' && !Array.isArray(value) && !('type' in value) ? { ...value, type: 'local' } : value),
  z.discriminatedUnion(
    'type',
    [
      z.strictObject({ type: z.literal('local'), dir: workspacePath.default('tickets') }),
      jiraSource,
      githubSource,
    ],
    { error: 'expected type "local", "jira" or "github"' },
  ),
);

const host = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ type: z.literal('local') }),
    z.strictObject({
      type: z.literal('github'),
      ...githubRepository,
      /** The git remote branches are pushed to and the base is fetched from. */
      remote: name.default('origin'),
      /** Open pull requests as drafts; they are marked ready right before the merge. */
      draft: z.boolean({ error: 'expected true or false' }).default(false),
      labels: z.array(name, { error: 'expected a list of label names' }).default([]),
      /** Request reviews from the CODEOWNERS of the changed files (the author skipped). */
      reviewers: z.boolean({ error: 'expected true or false' }).default(true),
      /** How a branch is brought onto a moved base: rebase locally and push with lease, or GitHub's update-branch API (a merge commit). */
      updateBranch: oneOf(['rebase', 'api']).default('rebase'),
      /** Wait for the head's check runs to pass before merging (`--wait-checks`). */
      waitChecks: z.boolean({ error: 'expected true or false' }).default(false),
      checksTimeout: seconds.default(1800),
      /** Preferred merge method; when the repository does not allow it, the first one it allows. */
      mergeMethod: oneOf(['merge', 'squash', 'rebase']).optional(),
    }),
  ],
  { error: 'expected type "local" or "github"' },
);

const branchName = name.regex(/^(?!-)(?!.*\.\.)(?!.*\/\/)[^\s~^:?*[\\]+(?<![/.])$/, {
  error: 'expected a branch name (no spaces, no leading "-", no "..")',
});

/**
 * The one schema of the nx-tickets configuration, used for the plugin's `options` in nx.json and
 * for `nx-tickets.json`. Objects are strict: unknown keys are reported (as warnings) and dropped.
 * Defaults are filled in; `baseBranch` is resolved by `readConfig` (nx.json `defaultBase`, else `main`).
 */
export const configSchema = z.strictObject({
  $schema: z.string().optional(),
  source: source.prefault({}),
  baseBranch: branchName.optional(),
  parallel_execution: z
    .strictObject({
      enabled: z.boolean({ error: 'expected true or false' }).default(true),
      max_threads: positiveInteger.default(3),
      auto_coordinate: z.boolean({ error: 'expected true or false' }).default(true),
      conflict_resolution: oneOf(['automatic', 'strict']).default('automatic'),
      /** Seconds between progress lines in non-interactive output. */
      progress_updates: seconds.default(30),
      resource_limits: z
        .strictObject({
          max_cpu_percent: z.number({ error: 'expected a percentage between 1 and 100' }).min(1, { error: 'expected a percentage between 1 and 100' }).max(100, { error: 'expected a percentage between 1 and 100' }).optional(),
          max_ram_gb: positiveNumber.optional(),
          /** MB/s, or a level. */
          max_disk_io: z.union([positiveNumber, oneOf(['low', 'medium', 'moderate', 'high', 'unlimited'])], { error: 'expected MB/s as a positive number or one of "low", "medium", "moderate", "high", "unlimited"' }).optional(),
        })
        .prefault({}),
    })
    .prefault({}),
  resources: z.record(name, positiveInteger).default({}),
  sharedFiles: z.array(workspacePath, { error: 'expected a list of globs' }).default([]),
  unknownFootprint: oneOf(['serialize', 'parallel']).default('serialize'),
  estimates: z
    .strictObject({ default: estimate.default('2h'), hoursPerDay: positiveNumber.max(24, { error: 'expected at most 24' }).default(8) })
    .prefault({}),
  sprints: z
    .array(
      z
        .strictObject({ name, start: isoDate.optional(), end: isoDate.optional() })
        .refine((s) => !s.start || !s.end || Number.isNaN(Date.parse(s.start)) || s.start <= s.end, { error: 'end is before start', path: ['end'] }),
      { error: 'expected a list of sprints' },
    )
    .default([]),
  implement: z
    .strictObject({
      command: z.array(name, { error: 'expected a command as a list of arguments, e.g. ["node", "tools/implement.mjs"]' }).min(1, { error: 'expected at least the program name' }).optional(),
      timeoutMinutes: positiveNumber.default(60),
      /** Default memory limit of a ticket's commands, MiB (a ticket's `memoryMb` wins). */
      memoryMb: positiveInteger.optional(),
    })
    .prefault({}),
  verify: z
    .strictObject({
      targets: z.array(name, { error: 'expected a list of target names' }).default(['lint', 'test', 'build']),
      cache: oneOf(['shared', 'isolated']).default('shared'),
      timeoutMinutes: positiveNumber.default(30),
    })
    .prefault({}),
  /** Retries of infrastructure failures (git lock, crashed worker), with exponential back-off from `backoffSeconds`. */
  retries: z.strictObject({ infrastructure: z.int({ error: 'expected a whole number' }).min(0, { error: 'expected 0 or more' }).default(2), backoffSeconds: positiveNumber.default(2) }).prefault({}),
  host: host.prefault({ type: 'local' }),
  merge: z.strictObject({ strategy: oneOf(['rebase', 'merge']).default('rebase') }).prefault({}),
  targetName: name.regex(/^[A-Za-z0-9][\w:.-]*$/, { error: 'expected a target name like "run-tickets"' }).default('run-tickets'),
});

/** The configuration as written (before defaults). */
export type NxTicketsConfigInput = z.input<typeof configSchema>;

/** The validated `source` block of a Jira configuration. */
export type JiraSourceConfig = z.output<typeof jiraSource>;

/** The validated configuration with every default filled in, `baseBranch` resolved. */
export type ResolvedConfig = Omit<z.output<typeof configSchema>, 'baseBranch' | '$schema'> & { baseBranch: string };
