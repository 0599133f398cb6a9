import ignore, { type Ignore } from 'ignore';
import type { CodeownersRule } from '../workspace/workspace-model.js';

/**
 * CODEOWNERS with GitHub semantics: gitignore-style patterns, the LAST matching rule wins, and a
 * rule with no owners un-owns the path. https://docs.github.com/en/repositories/managing-your-repositorys-settings-and-features/customizing-your-repository/about-code-owners
 */
export class CodeownersMatcher {
  private readonly rules: Array<{ matcher: Ignore; owners: string[] }>;
  private readonly cache = new Map<string, readonly string[]>();

  constructor(rules: readonly CodeownersRule[]) {
    this.rules = rules.map((rule) => ({ matcher: ignore().add(rule.pattern), owners: rule.owners }));
  }

  /** Owners of one workspace-relative file (empty when no rule matches). */
  ownersOf(path: string): readonly string[] {
    const cached = this.cache.get(path);
    if (cached) return cached;
    let owners: readonly string[] = [];
    for (let i = this.rules.length - 1; i >= 0; i -= 1) {
      const rule = this.rules[i] as { matcher: Ignore; owners: string[] };
      if (rule.matcher.ignores(path)) {
        owners = rule.owners;
        break;
      }
    }
    this.cache.set(path, owners);
    return owners;
  }
}
