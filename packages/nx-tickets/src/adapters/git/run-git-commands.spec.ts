import { describe, expect, test } from 'vitest';
import {
  checkBranchNameArgs,
  commitArgs,
  compareAndSwapRefArgs,
  createRefArgs,
  worktreeAddNewBranchArgs,
  diffNamesArgs,
  isAncestorArgs,
  mergeFastForwardArgs,
  mergeNoFfArgs,
  parsePorcelainPaths,
  parseWorktreeList,
  rebaseOntoArgs,
  worktreeAddArgs,
} from './run-git-commands.js';

const hostile = '$(touch /tmp/pwned); --upload-pack=evil';

describe('run git commands', () => {
  test('never put a commit message in argv: it goes to stdin or a message file', () => {
    const args = commitArgs({ Ticket: 'PROJ-1' });
    expect(args.join(' ')).not.toContain('upload-pack');
    expect(args).toEqual([
      '-c', 'commit.gpgSign=false', '-c', 'rebase.autoStash=false', '-c', 'rebase.autoSquash=false', '-c', 'rebase.updateRefs=false', '-c', 'merge.autoStash=false',
      'commit', '--quiet', '--no-gpg-sign', '--cleanup=whitespace', '--file=-', '--trailer=Ticket: PROJ-1',
    ]);
    expect(commitArgs({ Ticket: hostile }).at(-1)).toBe(`--trailer=Ticket: ${hostile}`);
    expect(commitArgs({}, [], '/repo/.git/NX_TICKETS_COMMIT_MSG')).toContain('--file=/repo/.git/NX_TICKETS_COMMIT_MSG');
  });

  test('put branch names, refs and revisions after --end-of-options', () => {
    expect(worktreeAddArgs('/w/.nx/tickets/worktrees/PROJ-1', '-x')).toEqual(['worktree', 'add', '--quiet', '--no-checkout', '--end-of-options', '/w/.nx/tickets/worktrees/PROJ-1', '-x']);
    // A branch is stuck to -b (never an option of its own), and the start point comes after --end-of-options.
    expect(worktreeAddNewBranchArgs('/w/PROJ-1', 'task/PROJ-1', '--upload-pack=evil')).toEqual(['worktree', 'add', '--quiet', '--no-checkout', '-btask/PROJ-1', '--end-of-options', '/w/PROJ-1', '--upload-pack=evil']);
    expect(createRefArgs('refs/heads/-x', 'abc', 'why')).toEqual(['update-ref', '--create-reflog', '-mwhy', '--end-of-options', 'refs/heads/-x', 'abc', '']);
    expect(compareAndSwapRefArgs('refs/heads/main', 'b', 'a', 'why').slice(-4)).toEqual(['--end-of-options', 'refs/heads/main', 'b', 'a']);
    expect(isAncestorArgs('--output=x', '-y')).toEqual(['merge-base', '--is-ancestor', '--end-of-options', '--output=x', '-y']);
    expect(diffNamesArgs('--upload-pack=evil', 'HEAD')).toEqual(['diff', '--name-only', '-z', '--no-renames', '--relative', '--no-ext-diff', '--end-of-options', '--upload-pack=evil', 'HEAD', '--']);
    expect(mergeNoFfArgs('-x').slice(-2)).toEqual(['--end-of-options', '-x']);
    expect(mergeFastForwardArgs('-x').slice(-2)).toEqual(['--end-of-options', '-x']);
    expect(checkBranchNameArgs('--upload-pack=evil')).toEqual(['check-ref-format', '--branch', '--upload-pack=evil']);
  });

  test('attach --onto to its value and keep the upstream after --end-of-options', () => {
    expect(rebaseOntoArgs('-onto', '-up').slice(-5)).toEqual(['rebase', '--no-autosquash', '--onto=-onto', '--end-of-options', '-up']);
  });

  test('parse worktree records, prunable and detached ones included', () => {
    const output = 'worktree /r\0HEAD aaa\0branch refs/heads/main\0\0worktree /r/.nx/tickets/worktrees/A-1\0HEAD bbb\0detached\0prunable gitdir file points to non-existent location\0\0worktree /bare\0bare\0\0';
    expect(parseWorktreeList(output)).toEqual([
      { path: '/r', head: 'aaa', branch: 'refs/heads/main', prunable: false, bare: false },
      { path: '/r/.nx/tickets/worktrees/A-1', head: 'bbb', branch: undefined, prunable: true, bare: false },
      { path: '/bare', head: undefined, branch: undefined, prunable: false, bare: true },
    ]);
  });

  test('parse porcelain -z paths, skipping the origin of a rename', () => {
    expect(parsePorcelainPaths(' M a b.ts\0R  new.ts\0old.ts\0A  c.ts\0')).toEqual(['a b.ts', 'new.ts', 'c.ts']);
  });
});
