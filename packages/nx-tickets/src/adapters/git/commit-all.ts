import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { NxTicketsError } from '@nx-tickets/core';
import { execGit, GitCommandError } from './exec-git.js';
import { changedFiles } from './changed-files.js';
import { readHead } from './read-head.js';
import { gitDirOf } from './recover-worktree.js';
import { addAllArgs, commitArgs, configGetArgs, stagedChangesArgs } from './run-git-commands.js';

/** Options of {@link commitAll}. */
export interface CommitAllOptions {
  /** Commit message (untrusted text: it only ever reaches git through a file in the git dir, never argv). */
  message: string;
  /** Trailers appended by git, e.g. `{ Ticket: 'PROJ-123' }`; values are put on one line. */
  trailers?: Record<string, string>;
  /**
   * The `-c user.name=… -c user.email=…` arguments from {@link fallbackIdentity}, when the caller
   * read them once for many commits in the same repository; read for this commit when absent.
   */
  identity?: string[];
  /** List the files changed between this commit and the head after committing (`files` of the result), read at the same time as the head. */
  changedSince?: string;
}

/** Author used only when neither the repository config nor the environment names one. */
const FALLBACK_IDENTITY = { 'user.name': 'nx-tickets', 'user.email': 'nx-tickets@localhost' } as const;

const invalid = (message: string): NxTicketsError => new NxTicketsError('NX_TICKETS_INVALID_OPTION', message, { hint: 'Trailer names are letters, digits and dashes (Ticket, Co-authored-by); the message must not be empty.' });

/**
 * `-c user.name=… -c user.email=…` for whatever neither the git config of the repository at `path`
 * nor the environment (`GIT_AUTHOR_NAME`, `GIT_AUTHOR_EMAIL`) names: `nx-tickets
 * <nx-tickets@localhost>` stands in for it. Empty when both are configured.
 *
 * @throws GitCommandError when `path` is not in a git repository.
 */
export async function fallbackIdentity(path: string): Promise<string[]> {
  // Both reads at once: every ticket's commit waits for them.
  const missing = await Promise.all(
    Object.entries(FALLBACK_IDENTITY).map(async ([key, value]) => {
      const envName = key === 'user.name' ? 'GIT_AUTHOR_NAME' : 'GIT_AUTHOR_EMAIL';
      if (process.env[envName]) return [];
      return (await execGit(path, configGetArgs(key), { okExitCodes: [1] })).exitCode === 1 ? ['-c', `${key}=${value}`] : [];
    }),
  );
  return missing.flat();
}

/**
 * Commit everything in the worktree at `path`: stage all changes (`git add --all`, untracked files
 * and deletions included, ignored files left out), then commit with `message` read from a file in
 * the git dir (never an argument, so `--upload-pack=…` or `$(…)` in a title is just text; kept
 * verbatim, so `#42: …` is not dropped as a comment) and `trailers` appended by git (`--trailer`,
 * git ≥ 2.32). Never signs. The author comes from git config/environment; `nx-tickets
 * <nx-tickets@localhost>` only when none is configured. Hooks of the repository run as usual
 * (`pre-commit` also when nothing is staged: git runs it before it finds there is nothing to commit).
 *
 * @returns the new commit (`created: true`), or the current HEAD when there was nothing to commit;
 *   with `changedSince`, the files changed since it (`files`, as `changedFiles` lists them).
 * @throws NxTicketsError `NX_TICKETS_INVALID_OPTION` for an empty message or a bad trailer name;
 *   GitCommandError when git fails (a hook rejects the commit, not a repository).
 */
export async function commitAll(path: string, options: CommitAllOptions): Promise<{ sha: string; created: boolean; files?: string[] }> {
  if (options.message.trim() === '') throw invalid('The commit message is empty.');
  const trailers: Record<string, string> = {};
  for (const [token, value] of Object.entries(options.trailers ?? {})) {
    if (!/^[A-Za-z0-9][A-Za-z0-9-]*$/.test(token)) throw invalid(`"${token}" is not a valid trailer name.`);
    trailers[token] = value.replace(/\s+/g, ' ').trim();
  }
  await execGit(path, addAllArgs());
  // The message goes through a file written in full before git starts, never as an argument: with
  // stdin, a runner killed mid-write left git a truncated message, and a commit whose only line was
  // the trailer (so git no longer saw it as one). No fsync: it only has to outlive the runner, not
  // the machine.
  const [gitDir, identity] = await Promise.all([gitDirOf(path), options.identity ?? fallbackIdentity(path)]);
  const messageFile = join(gitDir, 'NX_TICKETS_COMMIT_MSG');
  await writeFileAtomic(messageFile, options.message, { fsync: false });
  // Nothing staged is asked of git only when the commit did not happen (exit 1 is also a hook's
  // refusal): every ticket's commit waits for these git calls.
  const args = commitArgs(trailers, identity, messageFile);
  const committed = await execGit(path, args, { okExitCodes: [1] });
  if (committed.exitCode === 1) {
    if ((await execGit(path, stagedChangesArgs(), { okExitCodes: [1] })).exitCode === 0) return { ...(await readResult(path, options.changedSince)), created: false };
    throw new GitCommandError(args, path, committed.exitCode, committed.stderr || committed.stdout);
  }
  return { ...(await readResult(path, options.changedSince)), created: true };
}

/** The head, and the files changed since `changedSince` when asked, read at once. */
async function readResult(path: string, changedSince: string | undefined): Promise<{ sha: string; files?: string[] }> {
  const [sha, files] = await Promise.all([readHead(path), changedSince === undefined ? undefined : changedFiles(path, changedSince, 'HEAD')]);
  return { sha, ...(files ? { files } : {}) };
}
