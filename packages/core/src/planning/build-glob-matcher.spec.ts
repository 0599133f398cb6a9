import fc from 'fast-check';
import micromatch from 'micromatch';
import { describe, expect, test } from 'vitest';
import { DEFAULT_SHARED_FILES } from './planning-options.js';
import { buildGlobMatcher } from './build-glob-matcher.js';
import { GLOB_OPTIONS } from './file-index.js';

const segment = fc.constantFrom('a', 'b', 'src', '.github', 'workflows', 'package.json', 'x.lock', 'ci.yml', 'A');
const path = fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => parts.join('/'));
const globPart = fc.oneof(segment, fc.constantFrom('*', '**', '*.json', '{a,b}', 'b{c,d}', '[ab]', '?', 'x\\*'));
const glob = fc
  .tuple(fc.constantFrom('', '!', './'), fc.array(globPart, { minLength: 1, maxLength: 4 }), fc.constantFrom('', '/'))
  .map(([head, parts, tail]) => `${head}${parts.join('/')}${tail}`);

describe('buildGlobMatcher', () => {
  test('answers like micromatch for any of the globs', () => {
    fc.assert(
      fc.property(fc.array(glob, { minLength: 1, maxLength: 4 }), fc.array(path, { maxLength: 20 }), (globs, paths) => {
        const matches = buildGlobMatcher(globs);
        for (const p of paths) expect(matches(p), `${p} against ${globs.join(' ')}`).toBe(globs.some((g) => micromatch.isMatch(p, g, GLOB_OPTIONS)));
      }),
      { numRuns: 500, seed: 20261129 },
    );
  });

  test('matches the default shared files at the root and workflows below .github', () => {
    const matches = buildGlobMatcher(DEFAULT_SHARED_FILES);
    expect(['package.json', '.github/workflows/ci.yml', 'libs/a/package.json', 'nx.json.bak'].map(matches)).toEqual([true, true, false, false]);
  });
});
