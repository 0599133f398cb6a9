import { describe, expect, test } from 'vitest';
import { describeUnsafePath, normaliseWorkspacePath } from './describe-unsafe-path.js';

describe('describeUnsafePath', () => {
  test.each([
    ['../x', 'leaves the workspace (`..`)'],
    ['libs/../../x', 'leaves the workspace (`..`)'],
    ['libs/..\\..\\x', 'leaves the workspace (`..`)'],
    ['/etc/passwd', 'is absolute'],
    ['C:\\Windows\\system.ini', 'is an absolute Windows path'],
    ['c:/x', 'is an absolute Windows path'],
    ['\\\\server\\share', 'is an absolute Windows path'],
    ['~/.ssh/id_rsa', 'points into a home folder'],
    ['libs/{..,a}/x', 'leaves the workspace (`..`)'],
    ['{../x,y}', 'leaves the workspace (`..`)'],
    ['libs/{a/../..,b}/x', 'leaves the workspace (`..`)'],
    ['', 'is empty'],
    ['a\0b', 'contains a NUL character'],
  ])('rejects %j', (path, reason) => {
    expect(describeUnsafePath(path)).toBe(reason);
  });

  test.each(['libs/avatar/**', 'apps/web/src/UserProfile.tsx', 'libs/a/../b/x.ts', './README.md', '**/*.{ts,tsx}', 'docs/notes..md'])('accepts %j', (path) => {
    expect(describeUnsafePath(path)).toBeUndefined();
  });
});

describe('normaliseWorkspacePath', () => {
  test('removes dot segments, repeated and trailing slashes', () => {
    expect(['./a//b/../c/', 'libs/avatar/**', '.'].map(normaliseWorkspacePath)).toEqual(['a/c', 'libs/avatar/**', '.']);
  });
});
