import { describe, expect, test } from 'vitest';
import { branchDiffArgs, parseNulList, parseRefList, verifyCommitArgs } from './git-commands.js';
import { branchNamesKey, matchTicketBranches } from './match-ticket-branches.js';

describe('branchNamesKey', () => {
  test.each([
    ['feature/PROJ-12-avatar', true],
    ['PROJ-12', true],
    ['fix/proj-12_login', true],
    ['origin/bug/PROJ-12.2', true],
    ['feature/PROJ-123-avatar', false],
    ['feature/XPROJ-12', false],
    ['feature/PROJ-1', false],
  ])('%s names PROJ-12: %s', (branch, expected) => {
    expect(branchNamesKey(branch, 'PROJ-12')).toBe(expected);
  });

  test('matches #42 keys literally', () => {
    expect([branchNamesKey('fix/#42-crash', '#42'), branchNamesKey('fix/#421', '#42'), branchNamesKey('fix/42', '#42')]).toEqual([true, false, false]);
  });
});

describe('matchTicketBranches', () => {
  test('prefers the most recent local branch, then a remote one, and skips the base', () => {
    const refs = ['refs/remotes/origin/feature/PROJ-1-new', 'refs/heads/feature/PROJ-1-old', 'refs/remotes/origin/PROJ-2', 'refs/heads/PROJ-3/main', 'refs/heads/main'];
    const matches = matchTicketBranches(refs, ['PROJ-1', 'PROJ-2', 'PROJ-3', 'PROJ-4'], new Set(['refs/heads/PROJ-3/main']));
    expect(Object.fromEntries(matches)).toEqual({ 'PROJ-1': 'refs/heads/feature/PROJ-1-old', 'PROJ-2': 'refs/remotes/origin/PROJ-2' });
  });

  test('does not give PROJ-12 the branch of PROJ-123', () => {
    expect(Object.fromEntries(matchTicketBranches(['refs/heads/PROJ-123-x', 'refs/heads/PROJ-12-y'], ['PROJ-12', 'PROJ-123']))).toEqual({
      'PROJ-12': 'refs/heads/PROJ-12-y',
      'PROJ-123': 'refs/heads/PROJ-123-x',
    });
  });
});

describe('git commands', () => {
  test('pass refs after --end-of-options so no ref can be read as an option', () => {
    expect(branchDiffArgs('refs/heads/main', 'refs/heads/--upload-pack=x')).toEqual([
      'diff', '--name-only', '-z', '--no-renames', '--relative', '--no-ext-diff', '--end-of-options', 'refs/heads/main...refs/heads/--upload-pack=x', '--',
    ]);
    expect(verifyCommitArgs('--output=/tmp/x')).toEqual(['rev-parse', '--verify', '--quiet', '--end-of-options', '--output=/tmp/x^{commit}']);
  });

  test('parse NUL lists without duplicates and ref lists without remote HEADs', () => {
    expect(parseNulList('a\0b c\0a\0')).toEqual(['a', 'b c']);
    expect(parseRefList('refs/heads/main\nrefs/remotes/origin/HEAD\nrefs/remotes/origin/main\n')).toEqual(['refs/heads/main', 'refs/remotes/origin/main']);
  });
});
