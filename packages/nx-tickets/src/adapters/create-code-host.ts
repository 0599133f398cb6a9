import type { CodeHost } from '@nx-tickets/core';
import { requireGitHubToken } from './github-token.js';
import { resolveRepository } from './github/resolve-repository.js';
import type { ResolvedConfig } from '../config/config-schema.js';
import { advanceBaseBranch, fetchBranch, isAncestor, LocalCodeHost, pushBranch, readHead, readRemoteBranch, resetWorktreeTo } from './git/index.js';
import type { GitRemote } from './github/index.js';

/** What {@link createCodeHost} needs besides the config. */
export interface CodeHostOptions {
  /** Environment with `GITHUB_TOKEN` or `GH_TOKEN`; default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Receives sentences worth a run warning. */
  onWarning?: (message: string) => void;
  signal?: AbortSignal;
}

/**
 * The code host `config.host` names: the local repository, or GitHub (owner and repository from
 * the config, else from the remote's URL; token from the environment; see `createConfiguredClient`).
 *
 * @throws NxTicketsError (exit 2) `NX_TICKETS_GITHUB_TOKEN_MISSING` without a token,
 *   `NX_TICKETS_GITHUB_REPO_UNKNOWN` when owner/repo are neither configured nor in the remote's URL.
 */
export async function createCodeHost(root: string, config: ResolvedConfig, options: CodeHostOptions = {}): Promise<CodeHost> {
  const { host } = config;
  if (host.type === 'local') return new LocalCodeHost(root);
  const env = options.env ?? process.env;
  const token = requireGitHubToken(env, 'host');
  const { owner, repo } = resolveRepository(root, host, host.remote);
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
  const [{ createConfiguredClient }, { GitHubCodeHost }] = await Promise.all([import('./github-client-of.js'), import('./github/github-code-host.js')]);
  const client = createConfiguredClient(token, host.baseUrl, env, options);
  const unit = Number(env.NX_TICKETS_GITHUB_RETRY_UNIT_MS); // the test knob: a minute of pause in test units
  return new GitHubCodeHost({
    client,
    token,
    ...(Number.isFinite(unit) && unit > 0 ? { rateLimitPauseMs: 60 * unit } : {}),
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

/**
 * Check, before a run is created, that the configured host can be reached at all: for GitHub a
 * token and a known repository. Nothing is sent.
 *
 * @throws NxTicketsError (exit 2) as {@link createCodeHost} does.
 */
export function checkCodeHostConfig(root: string, config: ResolvedConfig, env: NodeJS.ProcessEnv = process.env): void {
  if (config.host.type === 'local') return;
  requireGitHubToken(env, 'host');
  resolveRepository(root, config.host, config.host.remote);
}
