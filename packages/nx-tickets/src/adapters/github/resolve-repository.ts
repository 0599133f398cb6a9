import { spawnSync } from 'node:child_process';
import { NxTicketsError } from '@nx-tickets/core';
import { parseRemoteUrl } from './parse-remote-url.js';

/**
 * `owner`/`repo` from the config, else from the URL of git remote `remote` in `root` (read with
 * `git remote get-url`, no shell).
 *
 * @throws NxTicketsError `NX_TICKETS_GITHUB_REPO_UNKNOWN` (exit 2) when neither names the repository.
 */
export function resolveRepository(root: string, configured: { owner?: string | undefined; repo?: string | undefined }, remote = 'origin', where = 'host'): { owner: string; repo: string } {
  let owner = configured.owner;
  let repo = configured.repo;
  if (!owner || !repo) {
    const url = spawnSync('git', ['remote', 'get-url', '--', remote], { cwd: root, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } }).stdout?.trim() ?? '';
    const parsed = parseRemoteUrl(url);
    owner ??= parsed?.owner;
    repo ??= parsed?.repo;
  }
  if (owner && repo) return { owner, repo };
  throw new NxTicketsError('NX_TICKETS_GITHUB_REPO_UNKNOWN', `Cannot tell the GitHub repository: ${where}.owner/${where}.repo are not set and the "${remote}" remote's URL names none.`, {
    hint: `Set options.${where}.owner and options.${where}.repo in nx.json, or add a GitHub remote.`,
  });
}
