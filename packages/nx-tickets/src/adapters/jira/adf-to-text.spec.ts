import { describe, expect, test } from 'vitest';
import { adfToText } from './adf-to-text.js';
import { blockedBy, findFilesList } from './map-jira-issue.js';

const p = (...content: object[]) => ({ type: 'paragraph', content });
const t = (text: string) => ({ type: 'text', text });

describe('adfToText', () => {
  test('writes paragraphs, headings, lists, code blocks and inline nodes as plain lines', () => {
    const doc = {
      type: 'doc',
      version: 1,
      content: [
        { type: 'heading', attrs: { level: 2 }, content: [t('Plan')] },
        p(t('Edit '), { type: 'text', text: 'libs/auth/src/redirect.ts', marks: [{ type: 'code' }] }, t(', ask '), { type: 'mention', attrs: { id: 'x', text: '@Bob' } }, { type: 'emoji', attrs: { shortName: ':tada:' } }),
        { type: 'bulletList', content: [{ type: 'listItem', content: [p(t('one'))] }, { type: 'listItem', content: [p(t('two'), { type: 'hardBreak' }, t('lines'))] }] },
        { type: 'codeBlock', attrs: { language: 'sh' }, content: [t('npm test')] },
        p({ type: 'inlineCard', attrs: { url: 'https://example.com/x' } }, t(' '), { type: 'status', attrs: { text: 'DONE' } }),
        { type: 'someFutureNode', content: [t('still read')] },
      ],
    };
    expect(adfToText(doc)).toBe('Plan\n\nEdit libs/auth/src/redirect.ts, ask @Bob:tada:\n- one\n- two\nlines\n\nnpm test\n\nhttps://example.com/x DONE\nstill read');
  });

  test('treats malformed and hostile input as data: wrong types, deep nesting, a plain string', () => {
    expect(adfToText(null)).toBe('');
    expect(adfToText({ type: 'doc', content: 'not a list' })).toBe('');
    expect(adfToText({ type: 'doc', content: [p({ type: 'text', text: 42 }), p(t('ok'))] })).toBe('ok');
    let deep: object = t('bottom');
    for (let i = 0; i < 10_000; i += 1) deep = { type: 'paragraph', content: [deep] };
    expect(() => adfToText(deep)).not.toThrow();
    expect(adfToText('Server-rendered text')).toBe('Server-rendered text');
  });
});

describe('findFilesList', () => {
  test('reads a Files: line and the bullets below it, and drops paths that leave the workspace', () => {
    const warnings: string[] = [];
    const files = findFilesList('Intro\nFiles: apps/web/src/a.ts, `libs/x/**`\n- ./libs/y/z.ts\n* /etc/passwd\nafter\n- not/a/file', (m) => warnings.push(m));
    expect(files).toEqual(['apps/web/src/a.ts', 'libs/x/**', 'libs/y/z.ts']);
    expect(warnings).toEqual(['Files: "/etc/passwd" is absolute; it is ignored']);
  });
});

describe('blockedBy', () => {
  const link = (name: string, side: 'inwardIssue' | 'outwardIssue', key: string) => ({ type: { name, inward: name === 'Blocks' ? 'is blocked by' : 'relates to', outward: name === 'Blocks' ? 'blocks' : 'relates to' }, [side]: { key } });

  test('"is blocked by X" (inwardIssue) is a dependency on X', () => {
    expect(blockedBy([link('Blocks', 'inwardIssue', 'A-1')])).toEqual(['A-1']);
  });

  test('"blocks Y" (outwardIssue) is not a dependency of the blocker', () => {
    expect(blockedBy([link('Blocks', 'outwardIssue', 'A-2')])).toEqual([]);
  });

  test('other link types and malformed links are ignored', () => {
    expect(blockedBy([link('Relates', 'inwardIssue', 'A-3'), null, { type: 'Blocks' }, 'x'])).toEqual([]);
    expect(blockedBy('not a list')).toEqual([]);
  });
});
