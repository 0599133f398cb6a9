import { createTempGitRepo } from '@nx-tickets/testing';
import { describe, expect, test } from 'vitest';
import { parseCodeowners } from './parse-codeowners.js';
import { readCodeowners } from './read-codeowners.js';

describe('parseCodeowners', () => {
  test('keeps rules in file order and skips comments, blank lines and sections', () => {
    const text = [
      '# Global owners',
      '*       @org/core   # the default',
      '',
      '   ',
      '/libs/auth/   @org/security @ada',
      '\\#notes.md  docs@example.com',
      'docs/my\\ file.md @bob',
      '[Frontend]',
      'apps/web/**/*.tsx @org/web',
      'apps/web/legacy/',
      '\r',
    ].join('\n');
    expect(parseCodeowners(text)).toEqual([
      { pattern: '*', owners: ['@org/core'] },
      { pattern: '/libs/auth/', owners: ['@org/security', '@ada'] },
      { pattern: '\\#notes.md', owners: ['docs@example.com'] },
      { pattern: 'docs/my\\ file.md', owners: ['@bob'] },
      { pattern: 'apps/web/**/*.tsx', owners: ['@org/web'] },
      { pattern: 'apps/web/legacy/', owners: [] },
    ]);
  });

  test('reads CRLF files with a byte order mark', () => {
    expect(parseCodeowners('\uFEFF*.ts @a\r\n*.md @b\r\n')).toEqual([
      { pattern: '*.ts', owners: ['@a'] },
      { pattern: '*.md', owners: ['@b'] },
    ]);
  });
});

describe('readCodeowners', () => {
  test('uses the first of .github/CODEOWNERS, CODEOWNERS and docs/CODEOWNERS', async () => {
    const repo = await createTempGitRepo({ files: { 'docs/CODEOWNERS': '* @docs\n', CODEOWNERS: '* @root\n' } });
    try {
      expect(await readCodeowners(repo.root)).toEqual([{ pattern: '*', owners: ['@root'] }]);
      await repo.write('.github/CODEOWNERS', '* @github\n');
      expect(await readCodeowners(repo.root)).toEqual([{ pattern: '*', owners: ['@github'] }]);
    } finally {
      await repo.cleanup();
    }
  });

  test('returns no rules without a CODEOWNERS file', async () => {
    const repo = await createTempGitRepo();
    try {
      expect(await readCodeowners(repo.root)).toEqual([]);
    } finally {
      await repo.cleanup();
    }
  });
});
