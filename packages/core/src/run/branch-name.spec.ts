import { execFileSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { MAX_BRANCH_LENGTH, branchNameFor } from './branch-name.js';

/** git's own rule, not a re-implementation of it. */
function isValidRef(name: string): boolean {
  try {
    execFileSync('git', ['check-ref-format', '--branch', name], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

describe('branchNameFor', () => {
  test('joins type, key and a slug of the title', () => {
    expect(branchNameFor({ key: 'PROJ-123', type: 'feature', title: 'Add user avatar upload' })).toBe('feature/PROJ-123-add-user-avatar-upload');
    expect(branchNameFor({ key: '#42', type: 'bug', title: 'Crash on save' })).toBe('bug/issue-42-crash-on-save');
  });

  test('turns hostile titles into valid, inert ref names that keep the key', () => {
    const titles = ['$(touch /tmp/pwned); --upload-pack=evil', '../../x', '-rf', 'a..b@{c}~^:?*[\\', '.lock', 'Ünïcödé ümlauts — and emoji 🎉', ' ', 'x'.repeat(300)];
    for (const title of titles) {
      const name = branchNameFor({ key: 'PROJ-7', type: '--force', title });
      expect(name, title).toContain('PROJ-7');
      expect(name.length, title).toBeLessThanOrEqual(MAX_BRANCH_LENGTH);
      expect(name.startsWith('-'), title).toBe(false);
      expect(name, title).toMatch(/^[a-z0-9-]+\/PROJ-7(-[a-z0-9-]+)?$/);
      expect(isValidRef(name), name).toBe(true);
    }
    expect(branchNameFor({ key: 'PROJ-7', type: 'feature', title: '$(touch /tmp/pwned); --upload-pack=evil' })).toBe('feature/PROJ-7-touch-tmp-pwned-upload-pack-evil');
  });
});
