import { describe, expect, test } from 'vitest';
import { useColor } from './use-color.js';

const tty = { write: () => true, isTTY: true };
const pipe = { write: () => true };

describe('useColor', () => {
  test('colours a terminal by default', () => {
    expect(useColor(undefined, {}, tty)).toBe(true);
  });

  test('does not colour a pipe or a dumb terminal', () => {
    expect(useColor(undefined, {}, pipe)).toBe(false);
    expect(useColor(undefined, { TERM: 'dumb' }, tty)).toBe(false);
  });

  test('honours --no-color and NO_COLOR; a --color flag wins over NO_COLOR (no-color.org)', () => {
    expect(useColor(false, { FORCE_COLOR: '1' }, tty)).toBe(false);
    expect(useColor(true, { NO_COLOR: '1' }, tty)).toBe(true);
  });

  test('colours a pipe when asked with --color or FORCE_COLOR', () => {
    expect(useColor(true, {}, pipe)).toBe(true);
    expect(useColor(undefined, { FORCE_COLOR: '1' }, pipe)).toBe(true);
    expect(useColor(undefined, { FORCE_COLOR: '0' }, pipe)).toBe(false);
  });

  test('inside an Nx task, ignores the FORCE_COLOR=true Nx sets for every task, and keeps one the user set', () => {
    const task = { NX_TASK_TARGET_PROJECT: 'root' };
    expect(useColor(undefined, { ...task, FORCE_COLOR: 'true' }, pipe)).toBe(false);
    expect(useColor(undefined, { ...task, FORCE_COLOR: 'true' }, tty)).toBe(true);
    expect(useColor(undefined, { ...task, FORCE_COLOR: '1' }, pipe)).toBe(true);
    expect(useColor(true, { ...task, FORCE_COLOR: 'true' }, pipe)).toBe(true);
    expect(useColor(undefined, { ...task, FORCE_COLOR: '1', NO_COLOR: '1' }, tty)).toBe(false);
  });
});
