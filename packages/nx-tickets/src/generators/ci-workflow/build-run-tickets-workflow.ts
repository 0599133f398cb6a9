import { Document } from 'yaml';

/** What the workflow runs, checked already (see `resolveCiWorkflowOptions`). */
export interface RunTicketsWorkflowOptions {
  /** At most this many shards. */
  shards: number;
  /** The selection as nx-tickets arguments: `['--all-ready']`, `['--epic', 'EPIC-1']`, keys… */
  selection: string[];
  nodeVersion: string;
  baseBranch: string;
}

/** Where {@link buildRunTicketsWorkflow}'s output goes, workspace-relative. */
export const RUN_TICKETS_WORKFLOW_PATH = '.github/workflows/run-tickets.yml';

/** An argument as one POSIX shell word (single-quoted unless it is plainly safe). */
const shellWord = (word: string): string => (/^[\w./:=@+-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`);

/**
 * The GitHub Actions workflow that runs the tickets on several runners (pure), as YAML text:
 * - `plan` checks out the base branch, installs, and writes `plan --format github-matrix --shards N`
 *   and the commit it planned on to its outputs (a failing plan fails the job: the assignment
 *   stops the step under `bash -e`, an `echo "$(…)"` would not);
 * - `shard` runs once per matrix entry (`fromJSON` of the plan's output; skipped when the matrix is
 *   empty) on that commit, with the base branch there: `nx-tickets run --shard <shard>/<total>`
 *   builds and pushes its tickets' branches to `origin`;
 * - `merge` waits for every shard (and runs when some failed, so the others still land) and runs
 *   `nx-tickets merge` over the pushed branches, which pushes the base branch.
 * Runs are serialised (`concurrency`), since the merge job moves the base branch; the token may
 * push (`contents: write`). Triggered by hand (`workflow_dispatch`).
 */
export function buildRunTicketsWorkflow(options: RunTicketsWorkflowOptions): string {
  const selection = options.selection.map(shellWord).join(' ');
  const base = options.baseBranch;
  const setup = (ref: string) => [
    { uses: 'actions/checkout@v4', with: { ref, 'fetch-depth': 0 } },
    { uses: 'actions/setup-node@v4', with: { 'node-version': options.nodeVersion, cache: 'npm' } },
    { run: 'npm ci' },
    { name: 'Commit as the Actions bot', run: 'git config user.name "github-actions[bot]"\ngit config user.email "41898282+github-actions[bot]@users.noreply.github.com"' },
  ];
  const workflow = {
    name: 'Run tickets',
    on: { workflow_dispatch: {} },
    permissions: { contents: 'write' },
    concurrency: { group: 'nx-tickets-run-tickets', 'cancel-in-progress': false },
    env: { NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
    jobs: {
      plan: {
        name: 'Plan the shards',
        'runs-on': 'ubuntu-latest',
        outputs: { matrix: '${{ steps.plan.outputs.matrix }}', sha: '${{ steps.plan.outputs.sha }}' },
        steps: [
          ...setup(base),
          { id: 'plan', name: 'Cut the tickets into shards', run: `matrix="$(npx nx-tickets plan ${selection} --base ${shellWord(base)} --format github-matrix --shards ${options.shards})"\necho "matrix=$matrix" >> "$GITHUB_OUTPUT"\necho "sha=$(git rev-parse HEAD)" >> "$GITHUB_OUTPUT"` },
        ],
      },
      shard: {
        name: 'Shard ${{ matrix.shard }}/${{ matrix.total }}',
        needs: 'plan',
        if: `\${{ needs.plan.outputs.matrix != '{"include":[]}' }}`,
        'runs-on': 'ubuntu-latest',
        strategy: { 'fail-fast': false, matrix: '${{ fromJSON(needs.plan.outputs.matrix) }}' },
        steps: [
          ...setup('${{ needs.plan.outputs.sha }}'),
          { name: `Put ${base} at the planned commit`, run: `git checkout -B ${shellWord(base)}` },
          { name: 'Run this shard (build and push, no merge)', run: `npx nx-tickets run ${selection} --base ${shellWord(base)} --shard \${{ matrix.shard }}/\${{ matrix.total }}` },
        ],
      },
      merge: {
        name: 'Merge the pushed branches',
        needs: ['plan', 'shard'],
        if: "${{ !cancelled() && needs.plan.result == 'success' }}",
        'runs-on': 'ubuntu-latest',
        steps: [...setup(base), { name: 'Merge train', run: `npx nx-tickets merge ${selection} --base ${shellWord(base)}` }],
      },
    },
  };
  const doc = new Document(workflow);
  doc.commentBefore = ' Written by `nx g nx-tickets:ci-workflow`: plan → one job per shard → merge.\n Run it from the Actions tab (workflow_dispatch). See the nx-tickets README, "CI distribution".';
  return doc.toString({ lineWidth: 0 });
}
