import { describe, expect, test } from 'vitest';
import { formatMinutes } from '../format/format-minutes.js';
import { parseEstimate } from './estimate.js';

describe('parseEstimate', () => {
  test('reads minutes, hours, working days and weeks', () => {
    expect(parseEstimate('90m')).toBe(90);
    expect(parseEstimate('2h')).toBe(120);
    expect(parseEstimate('1h30m')).toBe(90);
    expect(parseEstimate('1.5h')).toBe(90);
    expect(parseEstimate('1d')).toBe(480);
    expect(parseEstimate('2d 4h')).toBe(1200);
    expect(parseEstimate('1w')).toBe(2400);
    expect(parseEstimate(' 3H ')).toBe(180);
  });

  test('counts a day with the configured working minutes', () => {
    expect(parseEstimate('1d', 360)).toBe(360);
  });

  test('reads bare numbers as hours', () => {
    expect(parseEstimate('2')).toBe(120);
    expect(parseEstimate(1.5)).toBe(90);
  });

  test('rejects what is not an estimate', () => {
    for (const bad of ['', 'soon', '2x', 'h2', '0h', '-1h', '2h tomorrow', '1..5h']) expect(parseEstimate(bad), bad).toBeUndefined();
  });
});

describe('formatMinutes', () => {
  test('writes estimates the way people do', () => {
    expect(formatMinutes(0)).toBe('0m');
    expect(formatMinutes(45)).toBe('45m');
    expect(formatMinutes(120)).toBe('2h');
    expect(formatMinutes(270)).toBe('4h30m');
    expect(formatMinutes(600, 480)).toBe('1d 2h');
  });
});
