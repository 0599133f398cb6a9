import { realpath } from 'node:fs/promises';
import { resolve } from 'node:path';
import { execGit } from './exec-git.js';
import { commonDirArgs, showPrefixArgs } from './run-git-commands.js';

/**
 * The git dir shared by every worktree of the repository that contains `path` (the main checkout's
 * `.git`, symlinks resolved), and `path`'s folder relative to its worktree root (`''` or `sub/`).
 *
 * @throws GitCommandError (`NX_TICKETS_GIT_FAILED`) when `path` is not inside a git working tree.
 */
export function readCommonDir(path: string): Promise<{ commonDir: string; prefix: string }> {
  // Asked for the same few folders many times per ticket (every repository lock takes it): two git
  // processes each time cost the main thread more than anything else in a run. Failures are not kept.
  const key = resolve(path);
  let answer = known.get(key);
  if (answer === undefined) {
    answer = read(key);
    known.set(key, answer);
    answer.catch(() => known.delete(key));
  }
  return answer;
}

/** Answers of {@link readCommonDir} by absolute path (a folder's repository does not change during a run). */
const known = new Map<string, Promise<{ commonDir: string; prefix: string }>>();

async function read(path: string): Promise<{ commonDir: string; prefix: string }> {
  const [commonDir, prefix] = await Promise.all([execGit(path, commonDirArgs()), execGit(path, showPrefixArgs())]);
  return { commonDir: await realpath(commonDir.stdout.trim()), prefix: prefix.stdout.trim() };
}
