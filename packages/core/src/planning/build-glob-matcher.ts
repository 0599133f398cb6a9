import micromatch from 'micromatch';
import { GLOB_OPTIONS } from './file-index.js';

/**
 * Whether a path matches one of `globs` (micromatch, {@link GLOB_OPTIONS}), memoised per path.
 * A glob only matches paths at or below its static base (`.github/workflows` for
 * `.github/workflows/**`, the path itself for a plain path), so each path is tested only against
 * the globs whose base it is under: with the default shared files (mostly root files) a file deep
 * in a project is ruled out by a prefix check instead of a dozen regular expressions. Negated
 * globs and globs with escapes in their base are always tested.
 */
export function buildGlobMatcher(globs: readonly string[]): (path: string) => boolean {
  const tests = globs.map((glob) => {
    const { base, negated } = micromatch.scan(glob);
    const prefix = negated || base.includes('\\') ? '' : base.replace(/\/+$/, '');
    return { prefix, isMatch: micromatch.matcher(glob, GLOB_OPTIONS) };
  });
  const known = new Map<string, boolean>();
  return (path) => {
    let result = known.get(path);
    if (result === undefined) known.set(path, (result = tests.some(({ prefix, isMatch }) => under(path, prefix) && isMatch(path))));
    return result;
  };
}

function under(path: string, prefix: string): boolean {
  return prefix === '' || (path.startsWith(prefix) && (path.length === prefix.length || path.charCodeAt(prefix.length) === 47));
}
