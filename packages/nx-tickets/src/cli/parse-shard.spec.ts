import { describe, expect, test } from 'vitest';
import { parseShard } from './parse-shard.js';

describe('parseShard', () => {
  test('reads i/n', () => {
    expect(parseShard('2/3')).toEqual({ index: 2, total: 3 });
    expect(parseShard(' 1 / 1 ')).toEqual({ index: 1, total: 1 });
  });

  test('refuses a shard outside 1..n and text that is not i/n, with exit code 2', () => {
    for (const [text, message] of [
      ['0/3', '--shard 0/3: the shard must be between 1 and 3.'],
      ['4/3', '--shard 4/3: the shard must be between 1 and 3.'],
      ['1/0', '--shard 1/0: there must be at least one shard.'],
      ['two/3', '--shard "two/3" is not of the form i/n.'],
      ['-1/3', '--shard "-1/3" is not of the form i/n.'],
      ['1.5/3', '--shard "1.5/3" is not of the form i/n.'],
    ]) {
      expect(() => parseShard(text as string)).toThrow(expect.objectContaining({ code: 'NX_TICKETS_INVALID_ARGUMENTS', exitCode: 2, message }));
    }
  });
});
