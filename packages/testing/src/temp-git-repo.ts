import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Options of {@link createTempGitRepo}. */
export interface TempGitRepoOptions {
  /** Files written before the initial commit, workspace-relative POSIX path → text. */
  files?: Record<string, string>;
  /** Also create a bare repository `origin.git` next to the clone, add it as `origin` and push `main`. */
  bareOrigin?: boolean;
}

/** A real git repository in `os.tmpdir()`, on branch `main`, with one initial commit. */
export interface TempGitRepo {
  /** Absolute, symlink-free path of the working tree. */
  root: string;
  /** Absolute path of the bare `origin` repository, when `bareOrigin` was asked for. */
  origin: string | undefined;
  /** Write a file (parent folders are created); `path` is relative to `root`. */
  write(path: string, text: string): Promise<void>;
  /** Stage everything (`git add -A`) and commit; resolves to the new commit's sha. */
  commit(message: string): Promise<string>;
  /**
   * Create branch `name` (any ref name git accepts, even `--upload-pack=x`) from `from` (default
   * `HEAD`) with one commit writing `files`, without leaving the current branch. Resolves to its sha.
   */
  branch(name: string, files: Record<string, string>, options?: { from?: string }): Promise<string>;
  /** Run git in `root` with `args` (argv, no shell); resolves to stdout. Rejects on a non-zero exit. */
  git(args: string[]): Promise<string>;
  /** Remove the repository (and its origin). */
  cleanup(): Promise<void>;
}

/** Run git with a fixed, predictable configuration: no gpg, no auto gc, no hooks, no pager. */
export async function runGit(cwd: string, args: string[]): Promise<string> {
  const { stdout } = await run('git', ['-c', 'core.hooksPath=/dev/null', ...args], {
    cwd,
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_CONFIG_NOSYSTEM: '1', LC_ALL: 'C' },
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

/** Write `files` under `root`, creating folders. */
export async function writeFiles(root: string, files: Record<string, string>): Promise<void> {
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
  }
}

/**
 * Create a real git repository in a new temp folder: `git init -b main`, `gc.auto=0`, a test user,
 * `commit.gpgsign=false`, `options.files` (or a README) committed as `initial commit`.
 *
 * @throws when git is not installed or a git command fails.
 */
export async function createTempGitRepo(options: TempGitRepoOptions = {}): Promise<TempGitRepo> {
  const base = await realpath(await mkdtemp(join(tmpdir(), 'nx-tickets-')));
  const root = join(base, 'repo');
  await mkdir(root);
  const git = (args: string[]): Promise<string> => runGit(root, args);
  await git(['init', '-q', '-b', 'main']);
  for (const [key, value] of [
    ['gc.auto', '0'],
    ['user.name', 'nx-tickets test'],
    ['user.email', 'test@nx-tickets.invalid'],
    ['commit.gpgsign', 'false'],
    ['tag.gpgsign', 'false'],
    ['init.defaultBranch', 'main'],
  ] as const) {
    await git(['config', key, value]);
  }
  await writeFiles(root, options.files ?? { 'README.md': '# temp repo\n' });
  const commit = async (message: string): Promise<string> => {
    await git(['add', '-A']);
    await git(['commit', '-q', '--allow-empty', '-m', message]);
    return (await git(['rev-parse', 'HEAD'])).trim();
  };
  await commit('initial commit');
  let origin: string | undefined;
  if (options.bareOrigin) {
    origin = join(base, 'origin.git');
    await runGit(base, ['init', '-q', '--bare', '-b', 'main', origin]);
    await git(['remote', 'add', 'origin', origin]);
    await git(['push', '-q', '-u', 'origin', 'main']);
  }
  return {
    root,
    origin,
    git,
    commit,
    write: (path, text) => writeFiles(root, { [path]: text }),
    branch: async (name, files, branchOptions = {}) => {
      const current = (await git(['symbolic-ref', '--short', 'HEAD'])).trim();
      await git(['checkout', '-q', '--detach', branchOptions.from ?? 'HEAD']);
      try {
        await writeFiles(root, files);
        const sha = await commit(`work on ${name}`);
        await git(['update-ref', `refs/heads/${name}`, sha]);
        return sha;
      } finally {
        await git(['checkout', '-q', '-f', current]);
      }
    },
    cleanup: () => rm(base, { recursive: true, force: true }),
  };
}
