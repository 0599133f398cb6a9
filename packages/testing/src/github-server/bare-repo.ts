import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The identity GitHub commits merges with. */
const GITHUB_IDENTITY = { GIT_COMMITTER_NAME: 'GitHub', GIT_COMMITTER_EMAIL: 'noreply@github.com' };

/** Result of a merge the server performs on its bare repository. */
export type BareMergeResult = { ok: true; sha: string } | { ok: false; reason: 'conflict' };

/**
 * The git side of the fake GitHub: reads refs of the bare `origin` repository and performs merges
 * on it the way GitHub does (merge commit, squash, rebase), moving the branch by compare-and-swap.
 */
export class BareRepo {
  constructor(readonly path: string) {}

  /** Run git in the bare repository (argv, no shell); resolves to trimmed stdout. */
  async git(args: string[], env: Record<string, string> = {}): Promise<string> {
    const { stdout } = await run('git', ['-c', 'core.hooksPath=/dev/null', ...args], {
      cwd: this.path,
      env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', LC_ALL: 'C', ...env },
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout.trim();
  }

  /** The sha of `refs/heads/<branch>`, or `undefined` when the branch does not exist. */
  async branchHead(branch: string): Promise<string | undefined> {
    return this.git(['rev-parse', '--verify', '--quiet', `refs/heads/${branch}^{commit}`]).catch(() => undefined);
  }

  /** Whether `ancestor` is an ancestor of (or equal to) `of`. */
  async isAncestor(ancestor: string, of: string): Promise<boolean> {
    return this.git(['merge-base', '--is-ancestor', ancestor, of]).then(() => true, () => false);
  }

  /** The tree of merging `theirs` into `ours`, or `undefined` on a conflict (`git merge-tree --write-tree`). */
  async mergeTree(ours: string, theirs: string): Promise<string | undefined> {
    return this.git(['merge-tree', '--write-tree', '--no-messages', ours, theirs]).then((out) => out.split('\n')[0], () => undefined);
  }

  /**
   * Merge `head` into branch `base` with GitHub's `method`: a merge commit, one squashed commit, or
   * `head`'s commits replayed one by one. The branch moves only if it is still at `baseSha`.
   */
  async merge(base: string, baseSha: string, head: string, method: 'merge' | 'squash' | 'rebase', message: string): Promise<BareMergeResult> {
    let sha: string;
    if (method === 'rebase') {
      const replayed = await this.replay(baseSha, head);
      if (!replayed) return { ok: false, reason: 'conflict' };
      sha = replayed;
    } else {
      const tree = await this.mergeTree(baseSha, head);
      if (!tree) return { ok: false, reason: 'conflict' };
      const parents = method === 'merge' ? ['-p', baseSha, '-p', head] : ['-p', baseSha];
      sha = await this.git(['commit-tree', tree, ...parents, '-m', message], GITHUB_IDENTITY);
    }
    await this.git(['update-ref', `refs/heads/${base}`, sha, baseSha]);
    return { ok: true, sha };
  }

  /** Merge branch `base` into branch `head` (GitHub's "update branch"), moving `head` by CAS. */
  async mergeBaseInto(head: string, headSha: string, base: string): Promise<BareMergeResult> {
    const baseSha = (await this.branchHead(base)) as string;
    const tree = await this.mergeTree(headSha, baseSha);
    if (!tree) return { ok: false, reason: 'conflict' };
    const sha = await this.git(['commit-tree', tree, '-p', headSha, '-p', baseSha, '-m', `Merge branch '${base}' into ${head}`], GITHUB_IDENTITY);
    await this.git(['update-ref', `refs/heads/${head}`, sha, headSha]);
    return { ok: true, sha };
  }

  /** Cherry-pick `head`'s own commits onto `onto` in a throw-away worktree; the new tip, or `undefined` on a conflict. */
  private async replay(onto: string, head: string): Promise<string | undefined> {
    const commits = (await this.git(['rev-list', '--reverse', '--no-merges', head, `^${onto}`])).split('\n').filter(Boolean);
    if (commits.length === 0) return onto;
    const dir = await mkdtemp(join(tmpdir(), 'fake-github-rebase-'));
    const tree = join(dir, 'tree');
    try {
      await this.git(['worktree', 'add', '--detach', '-q', tree, onto]);
      const inTree = (args: string[]) => run('git', ['-c', 'core.hooksPath=/dev/null', '-c', 'commit.gpgsign=false', ...args], { cwd: tree, env: { ...process.env, ...GITHUB_IDENTITY } });
      const picked = await inTree(['cherry-pick', '--allow-empty', '--keep-redundant-commits', ...commits]).then(() => true, () => false);
      if (!picked) return undefined;
      return (await inTree(['rev-parse', 'HEAD'])).stdout.trim();
    } finally {
      await this.git(['worktree', 'remove', '--force', tree]).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    }
  }
}
