import { statSync } from 'node:fs';
import { isAbsolute, join, normalize } from 'node:path';
import type { Problem } from '@nx-tickets/core';
import { execGit } from '../adapters/git/index.js';

/** An implement command to check: the configured one, or a ticket's own (`ticket` set). */
export interface CommandToCheck {
  argv: readonly string[];
  /** The ticket whose front matter sets this command; absent for `implement.command`. */
  ticket?: string;
}

/**
 * Warnings for implement commands that run a file of the workspace the base branch does not hold
 * (untracked, ignored, or only changed in the main checkout's index): each ticket's worktree is a
 * checkout of a commit, so the command would not find it there and every ticket would fail at
 * `implement`. An argument counts as such a file when it is a relative path (not an option) naming
 * a file that exists under `root`; absolute paths and program names found on PATH are left alone.
 *
 * @param root the workspace root (may be a sub-folder of the repository).
 * @param base the base branch the worktrees start from.
 * @returns one warning per command and file, naming the ticket when the command is a ticket's own.
 */
export async function findUncommittedCommandFiles(root: string, base: string, commands: readonly CommandToCheck[]): Promise<Problem[]> {
  const warnings: Problem[] = [];
  const checked = new Map<string, Promise<boolean>>();
  for (const command of commands) {
    for (const arg of command.argv) {
      if (arg.startsWith('-') || isAbsolute(arg) || normalize(arg).startsWith('..') || !isFile(join(root, arg))) continue;
      const path = normalize(arg);
      let committed = checked.get(path);
      if (!committed) {
        // Pathspecs of ls-tree are relative to the folder git runs in, as the command's are.
        committed = execGit(root, ['ls-tree', '--name-only', '-z', `refs/heads/${base}`, '--', path]).then(
          (listed) => listed.stdout !== '',
          () => true, // no such branch, or not a repository: the plan says so elsewhere
        );
        checked.set(path, committed);
      }
      if (await committed) continue;
      warnings.push({
        ...(command.ticket ? { where: command.ticket, field: 'command', ticket: command.ticket } : { where: 'nx-tickets options', field: 'implement.command' }),
        message: `the command runs ${path}, which ${base} does not hold: each ticket's worktree is a checkout of ${base}, so the command will not find it there; commit it to ${base} first`,
      });
    }
  }
  return warnings;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
