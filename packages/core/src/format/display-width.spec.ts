import { describe, expect, test } from 'vitest';
import { displayWidth, padEndToWidth, padStartToWidth, truncateToWidth } from './display-width.js';

describe('displayWidth', () => {
  test('counts East Asian wide characters and emoji as two columns, ANSI escapes as none', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('日本語のタイトル')).toBe(16);
    expect(displayWidth('Ship 🚀')).toBe(7);
    expect(displayWidth('👩‍💻')).toBe(2);
    expect(displayWidth('\u001b[1mbold\u001b[22m')).toBe(4);
  });
});

describe('padEndToWidth and padStartToWidth', () => {
  test('pad to a number of columns, not of UTF-16 code units', () => {
    expect(padEndToWidth('日本', 6)).toBe('日本  ');
    expect(padStartToWidth('🚀', 4)).toBe('  🚀');
    expect(padEndToWidth('too wide', 3)).toBe('too wide');
  });
});

describe('truncateToWidth', () => {
  test('keeps text that fits and cuts the rest with an ellipsis, at most the width', () => {
    expect(truncateToWidth('short', 5)).toBe('short');
    expect(truncateToWidth('a longer title', 8)).toBe('a longe…');
    expect(truncateToWidth('日本語のタイトル', 8)).toBe('日本語…');
    expect(displayWidth(truncateToWidth('日本語のタイトル', 8))).toBe(7);
    expect(truncateToWidth('abc', 0)).toBe('');
  });

  test('never cuts a character in half: surrogate pairs and joined emoji stay whole', () => {
    expect(truncateToWidth('🚀'.repeat(5), 6)).toBe('🚀🚀…');
    expect(truncateToWidth('ab👩‍💻cd', 5)).toBe('ab👩‍💻…');
    expect(truncateToWidth('ab👩‍💻cd', 4)).toBe('ab…');
    expect(truncateToWidth('é'.normalize('NFD').repeat(4), 3)).toBe('é'.normalize('NFD').repeat(2) + '…');
  });
});
