import { describe, expect, test } from 'vitest';
import { singleLineText } from './single-line-text.js';

describe('singleLineText', () => {
  test('turns newlines, escape sequences and bidi overrides into single spaces', () => {
    expect(singleLineText('Ünïcødé\nsecond line -- --help ; rm -rf / \u001b[31mred')).toBe('Ünïcødé second line -- --help ; rm -rf / [31mred');
    expect(singleLineText('\tAdd\r\n  avatar\u0085upload\u202e\u2066 ')).toBe('Add avatar upload');
    expect(singleLineText('Plain title, ünïcødé and emoji 🎉')).toBe('Plain title, ünïcødé and emoji 🎉');
  });
});
