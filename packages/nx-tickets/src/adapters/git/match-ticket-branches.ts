const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The number of a key (`PROJ-12` → `12`, `#42` → `42`), used to index keys by number. */
const numberOf = (key: string): string | undefined => /(\d+)$/.exec(key)?.[1];

/**
 * Whether branch name `branch` names ticket `key`: the key appears (case-insensitively) at the
 * start or after a character that is not a letter or digit, and is not followed by a digit —
 * `feature/PROJ-12-x` and `proj-12` match `PROJ-12`; `PROJ-123` and `XPROJ-12` do not.
 */
export function branchNamesKey(branch: string, key: string): boolean {
  return new RegExp(`(?:^|[^A-Za-z0-9])${escapeRegExp(key)}(?!\\d)`, 'i').test(branch);
}

/**
 * Pick one branch per key among full ref names (`refs/heads/…`, `refs/remotes/…`), given most
 * recent first: the most recent local branch naming the key, else the most recent remote one.
 * Cost grows with refs × digit runs, not refs × keys: keys are indexed by their number.
 *
 * @param exclude refs never chosen (the base branch).
 * @returns key → full ref name, only for keys with a branch.
 */
export function matchTicketBranches(refs: readonly string[], keys: readonly string[], exclude: ReadonlySet<string> = new Set()): Map<string, string> {
  const keysByNumber = new Map<string, string[]>();
  for (const key of new Set(keys)) {
    const number = numberOf(key);
    if (number !== undefined) keysByNumber.set(number, [...(keysByNumber.get(number) ?? []), key]);
  }
  const local = new Map<string, string>();
  const remote = new Map<string, string>();
  for (const ref of refs) {
    if (exclude.has(ref)) continue;
    const target = ref.startsWith('refs/heads/') ? local : remote;
    const name = ref.replace(/^refs\/(?:heads|remotes)\//, '');
    for (const [digits] of name.matchAll(/\d+/g)) {
      for (const key of keysByNumber.get(digits) ?? []) {
        if (!target.has(key) && branchNamesKey(name, key)) target.set(key, ref);
      }
    }
  }
  for (const [key, ref] of remote) if (!local.has(key)) local.set(key, ref);
  return local;
}
