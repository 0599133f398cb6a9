import fc from 'fast-check';
import ignore from 'ignore';
import { describe, expect, test } from 'vitest';
import { CodeownersMatcher, compileLiteralRule } from './codeowners-matcher.js';

// Mixed case, look-alikes that fold to ASCII letters elsewhere (ſ, K Kelvin sign, İ), dots.
const segment = fc.constantFrom('libs', 'LIBS', 'Libs', 'd1', 'D1', 'docs', 'src', 'a.ts', 'x-y', 'ſrc', 'Kx', 'kx', 'İ', '.github', 'README.md');
const path = fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => parts.join('/'));
const pattern = fc.oneof(
  fc.tuple(fc.constantFrom('', '/'), fc.array(fc.constantFrom('libs', 'd1', 'docs', 'src', 'a.ts', 'x-y', 'kx', 'README.md', 'Libs'), { minLength: 1, maxLength: 3 }), fc.constantFrom('', '/')).map(([head, parts, tail]) => `${head}${parts.join('/')}${tail}`),
  fc.constantFrom('*', '*.ts', 'd*', '**/docs', 'libs/**', '.github/', '/'),
);

describe('CodeownersMatcher', () => {
  test('matches plain patterns exactly as the ignore package does', () => {
    fc.assert(
      fc.property(pattern, fc.array(path, { maxLength: 20 }), (p, paths) => {
        const matcher = new CodeownersMatcher([{ pattern: p, owners: ['@o'] }]);
        const reference = ignore().add(p);
        for (const file of paths) expect(matcher.ownersOf(file).length > 0, `${file} against ${p}`).toBe(reference.ignores(file));
      }),
      { numRuns: 1000, seed: 20261129 },
    );
  });

  test('compiles only `*` and plain paths or names, and lets the last matching rule win', () => {
    expect(['*', '/apps/web/', 'libs/auth', 'docs/', '*.md', 'libs/**', '.github/'].map((p) => compileLiteralRule(p) !== undefined)).toEqual([true, true, true, true, false, false, false]);
    const matcher = new CodeownersMatcher([
      { pattern: '*', owners: ['@all'] },
      { pattern: '/libs/auth/', owners: ['@auth'] },
      { pattern: 'docs/', owners: [] },
    ]);
    expect(['README.md', 'libs/auth/src/a.ts', 'libs/auth/docs/x.md', 'LIBS/AUTH/x.ts', 'libs/authz/x.ts'].map((f) => matcher.ownersOf(f))).toEqual([['@all'], ['@auth'], [], ['@auth'], ['@all']]);
  });
});
