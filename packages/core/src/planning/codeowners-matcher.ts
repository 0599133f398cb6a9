import ignore from 'ignore';
import type { CodeownersRule } from '../workspace/workspace-model.js';

/**
 * CODEOWNERS with GitHub semantics: gitignore-style patterns, the LAST matching rule wins, and a
 * rule with no owners un-owns the path. https://docs.github.com/en/repositories/managing-your-repositorys-settings-and-features/customizing-your-repository/about-code-owners
 *
 * Patterns are matched as the `ignore` package matches them (case-insensitively). The usual
 * shapes — `*`, a plain path such as `/apps/web/` or `libs/auth`, a plain name such as `docs/` —
 * are matched by comparing path segments ({@link compileLiteralRule}), which gives the same
 * answer without the package's per-path parsing; any other pattern goes through `ignore`.
 */
export class CodeownersMatcher {
  private readonly rules: Array<{ matches: (path: string) => boolean; owners: string[] }>;
  private readonly cache = new Map<string, readonly string[]>();

  constructor(rules: readonly CodeownersRule[]) {
    this.rules = rules.map((rule) => ({ matches: compileLiteralRule(rule.pattern) ?? viaIgnore(rule.pattern), owners: rule.owners }));
  }

  /** Owners of one workspace-relative file (empty when no rule matches). */
  ownersOf(path: string): readonly string[] {
    const cached = this.cache.get(path);
    if (cached) return cached;
    let owners: readonly string[] = [];
    for (let i = this.rules.length - 1; i >= 0; i -= 1) {
      const rule = this.rules[i] as { matches: (path: string) => boolean; owners: string[] };
      if (rule.matches(path)) {
        owners = rule.owners;
        break;
      }
    }
    this.cache.set(path, owners);
    return owners;
  }
}

function viaIgnore(pattern: string): (path: string) => boolean {
  const matcher = ignore().add(pattern);
  return (path) => matcher.ignores(path);
}

const PLAIN_SEGMENTS = /^[A-Za-z0-9_-][A-Za-z0-9._-]*(?:\/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$/;

/**
 * A matcher for `*` and for patterns of plain ASCII segments (letters, digits, `.`, `_`, `-`; no
 * segment starting with `.`) with an optional leading and trailing `/`, or `undefined` for any
 * other pattern. Gitignore rules: a pattern with a slash at the start or in the middle is
 * anchored at the root and matches that path and everything below it; otherwise it matches a
 * segment of that name at any depth (and everything below it); a trailing slash matches folders
 * only. Letters compare case-insensitively, as `ignore` does by default.
 */
export function compileLiteralRule(pattern: string): ((path: string) => boolean) | undefined {
  if (pattern === '*') return (path) => path !== '';
  const dirOnly = pattern.endsWith('/');
  const leading = pattern.startsWith('/');
  const body = pattern.slice(leading ? 1 : 0, dirOnly ? -1 : undefined);
  if (!PLAIN_SEGMENTS.test(body)) return undefined;
  if (leading || body.includes('/')) {
    // Anchored: the path itself (a file, unless dirOnly) or anything below it.
    return (path) => startsWithFolded(path, body, 0) && (path.length === body.length ? !dirOnly : path.charCodeAt(body.length) === SLASH);
  }
  // A name at any depth: some segment equals it (and, for dirOnly, is not the last one).
  return (path) => {
    for (let at = 0; at <= path.length; ) {
      const end = path.indexOf('/', at);
      const stop = end === -1 ? path.length : end;
      if (stop - at === body.length && startsWithFolded(path, body, at) && (!dirOnly || end !== -1)) return true;
      if (end === -1) return false;
      at = end + 1;
    }
    return false;
  };
}

const SLASH = 47;

/** Whether `path` has `ascii` at `at`, letters compared case-insensitively (non-ASCII never equals ASCII, as in a non-Unicode `/i` regex). */
function startsWithFolded(path: string, ascii: string, at: number): boolean {
  if (path.length - at < ascii.length) return false;
  for (let i = 0; i < ascii.length; i += 1) {
    const a = path.charCodeAt(at + i);
    const b = ascii.charCodeAt(i);
    if (a === b) continue;
    const lower = b | 32;
    if (lower < 97 || lower > 122 || (a | 32) !== lower) return false;
  }
  return true;
}
