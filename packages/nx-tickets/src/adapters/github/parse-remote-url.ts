/**
 * `owner` and `repo` from a git remote URL: `https://github.com/o/r(.git)`, `git@github.com:o/r.git`,
 * `ssh://git@host/o/r.git`. `undefined` for anything else (a local path, a URL without two segments).
 */
export function parseRemoteUrl(url: string): { owner: string; repo: string } | undefined {
  const trimmed = url.trim();
  const scp = /^[\w.-]+@[\w.-]+:([^/]+)\/([^/]+?)(?:\.git)?\/?$/.exec(trimmed);
  if (scp) return { owner: scp[1] as string, repo: scp[2] as string };
  const web = /^(?:https?|ssh|git):\/\/[^/]+\/(?:.*\/)?([^/]+)\/([^/]+?)(?:\.git)?\/?$/.exec(trimmed);
  if (web) return { owner: web[1] as string, repo: web[2] as string };
  return undefined;
}
