import { NxTicketsError, type CodeHost } from '@nx-tickets/core';
import type { ResolvedConfig } from '../config/config-schema.js';
import { advanceBaseBranch, execGit, fetchBranch, isAncestor, LocalCodeHost, pushBranch, readHead, readRemoteBranch, resetWorktreeTo } from './git/index.js';
import { createGitHubClient, GitHubCodeHost, parseRemoteUrl, type GitRemote } from './github/index.js';

/** What {@link createCodeHost} needs besides the config. */
export interface CodeHostOptions {
  /** Environment with `GITHUB_TOKEN` or `GH_TOKEN`; default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Receives sentences worth a run warning. */
  onWarning?: (message: string) => void;
  signal?: AbortSignal;
}

/** The token for GitHub: `GITHUB_TOKEN`, else `GH_TOKEN` (never printed). */
export function readGitHubToken(env: NodeJS.ProcessEnv): string | undefined {
  return env.GITHUB_TOKEN?.trim() || env.GH_TOKEN?.trim() || undefined;
}

/**
 * The code host `config.host` names: the local repository, or GitHub (owner and repository from
 * the config, else from the remote's URL; token from the environment). Test knobs, not
 * documented for users: `NX_TICKETS_GITHUB_RETRY_UNIT_MS` and `NX_TICKETS_GITHUB_WRITE_INTERVAL_MS`
 * shrink rate-limit waits and the gap between writes for a local test server.
 *
 * @throws NxTicketsError (exit 2) `NX_TICKETS_GITHUB_TOKEN_MISSING` without a token,
 *   `NX_TICKETS_GITHUB_REPO_UNKNOWN` when owner/repo are neither configured nor in the remote's URL.
 */
export async function createCodeHost(root: string, config: ResolvedConfig, options: CodeHostOptions = {}): Promise<CodeHost> {
  const { host } = config;
  if (host.type === 'local') return new LocalCodeHost(root);
  const env = options.env ?? process.env;
  const token = readGitHubToken(env);
  if (!token) {
    throw new NxTicketsError('NX_TICKETS_GITHUB_TOKEN_MISSING', 'host.type is "github" but neither GITHUB_TOKEN nor GH_TOKEN is set.', {
      hint: 'Export GITHUB_TOKEN with a token that may push and open pull requests, or set options.host.type to "local".',
    });
  }
  const remoteUrl = await execGit(root, ['remote', 'get-url', '--', host.remote]).then((r) => r.stdout.trim(), () => '');
  const parsed = parseRemoteUrl(remoteUrl);
  const owner = host.owner ?? parsed?.owner;
  const repo = host.repo ?? parsed?.repo;
  if (!owner || !repo) {
    throw new NxTicketsError('NX_TICKETS_GITHUB_REPO_UNKNOWN', `Cannot tell the GitHub repository: host.owner/host.repo are not set and the "${host.remote}" remote's URL names none.`, {
      hint: 'Set options.host.owner and options.host.repo in nx.json, or add a GitHub remote.',
    });
  }
  const git: GitRemote = {
    readBranch: (branch) => readRemoteBranch(root, host.remote, branch),
    push: async (branch, sha, expected) => {
      const pushed = await pushBranch(root, { remote: host.remote, branch, sha, expected });
      return pushed.ok ? { ok: true } : { ok: false, detail: pushed.detail };
    },
    fetch: (branch, signal) => fetchBranch(root, { remote: host.remote, branch, ...(signal ? { signal } : {}) }),
    resetWorktree: resetWorktreeTo,
    followBase: async (base) => {
      const head = await fetchBranch(root, { remote: host.remote, branch: base });
      const local = await readHead(root, `refs/heads/${base}`).catch(() => undefined);
      if (local && local !== head && (await isAncestor(root, local, head))) await advanceBaseBranch(root, { base, to: head, expected: local }).catch(() => undefined);
      return head;
    },
  };
  const number = (name: string) => (env[name] && Number.isFinite(Number(env[name])) ? Number(env[name]) : undefined);
  const retryUnitMs = number('NX_TICKETS_GITHUB_RETRY_UNIT_MS');
  const minWriteIntervalMs = number('NX_TICKETS_GITHUB_WRITE_INTERVAL_MS');
  const client = createGitHubClient({
    token,
    ...(host.baseUrl ? { baseUrl: host.baseUrl } : {}),
    ...(retryUnitMs === undefined ? {} : { retryUnitMs }),
    ...(minWriteIntervalMs === undefined ? {} : { minWriteIntervalMs }),
    ...(options.onWarning ? { onWait: options.onWarning } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return new GitHubCodeHost({
    client,
    token,
    git,
    ...(options.onWarning ? { onWarning: options.onWarning } : {}),
    settings: {
      owner,
      repo,
      draft: host.draft,
      labels: host.labels,
      reviewers: host.reviewers,
      updateBranch: host.updateBranch,
      waitChecks: host.waitChecks,
      checksTimeoutSeconds: host.checksTimeout,
      checksPollSeconds: Math.min(10, host.checksTimeout),
      ...(host.mergeMethod ? { mergeMethod: host.mergeMethod } : {}),
    },
  });
}
