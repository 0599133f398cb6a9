import micromatch from 'micromatch';

/** Options for every glob match in planning: dotfiles count, paths are POSIX. */
export const GLOB_OPTIONS = { dot: true } as const;

/**
 * The workspace's files, indexed for planning: a sorted array (files under a folder are one
 * contiguous range, and a file is found, by binary search) and a basename index built on first
 * use. Build once per plan: O(n) when the files come sorted (git lists them so), else O(n log n).
 * Glob matches are memoised per pattern: tickets often name the same globs.
 */
export class FileIndex {
  private readonly sorted: string[];
  private byBasename: Map<string, string[]> | undefined;
  private readonly matches = new Map<string, { files: string[]; base: string; isGlob: boolean }>();

  /** @param files workspace-relative POSIX paths, any order, duplicates allowed. */
  constructor(files: readonly string[]) {
    // The default sort compares strings by UTF-16 code units, like compareCodeUnits, without a call per comparison.
    const sorted = isSorted(files) ? [...files] : [...files].sort();
    let kept = 0;
    for (let i = 0; i < sorted.length; i += 1) if (i === 0 || sorted[i] !== sorted[kept - 1]) sorted[kept++] = sorted[i] as string;
    sorted.length = kept;
    this.sorted = sorted;
  }

  /** Number of files. */
  get size(): number {
    return this.sorted.length;
  }

  /** Whether `path` is a file of the workspace. */
  has(path: string): boolean {
    return this.sorted[lowerBound(this.sorted, path)] === path;
  }

  /** Files below folder `dir` (`''` = every file), in sorted order. */
  filesUnder(dir: string): string[] {
    if (dir === '') return this.sorted;
    const prefix = `${dir}/`;
    const out: string[] = [];
    for (let i = lowerBound(this.sorted, prefix); i < this.sorted.length; i += 1) {
      const file = this.sorted[i] as string;
      if (!file.startsWith(prefix)) break;
      out.push(file);
    }
    return out;
  }

  /** Files whose name (last segment) is `name`. */
  filesNamed(name: string): readonly string[] {
    if (!this.byBasename) {
      this.byBasename = new Map();
      for (const file of this.sorted) {
        const base = file.slice(file.lastIndexOf('/') + 1);
        const list = this.byBasename.get(base);
        if (list) list.push(file);
        else this.byBasename.set(base, [file]);
      }
    }
    return this.byBasename.get(name) ?? [];
  }

  /**
   * Files matching a micromatch glob or plain path. A plain path naming a folder matches every
   * file below it. Only the range below the glob's static base is scanned.
   *
   * @returns `files` matched (shared between calls: read only) and the glob's static `base`
   *   folder (`''` when it has none).
   */
  match(raw: string): { files: string[]; base: string; isGlob: boolean } {
    let result = this.matches.get(raw);
    if (!result) this.matches.set(raw, (result = this.matchUncached(raw)));
    return result;
  }

  private matchUncached(raw: string): { files: string[]; base: string; isGlob: boolean } {
    const pattern = raw.replace(/^(?:\.\/)+/, '');
    const scan = micromatch.scan(pattern);
    const base = trimSlashes(scan.base);
    if (!scan.isGlob) {
      const path = trimSlashes(pattern);
      if (this.has(path)) return { files: [path], base: path, isGlob: false };
      return { files: this.filesUnder(path), base: path, isGlob: false };
    }
    const below = this.filesUnder(base);
    // A glob over a new folder (the usual predicted path) has nothing to test: no matcher to compile.
    if (below.length === 0) return { files: below, base, isGlob: true };
    const isMatch = micromatch.matcher(pattern, GLOB_OPTIONS);
    return { files: below.filter((f) => isMatch(f)), base, isGlob: true };
  }
}

/** Compare by UTF-16 code units, the order `filesUnder` relies on. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isSorted(files: readonly string[]): boolean {
  for (let i = 1; i < files.length; i += 1) if ((files[i - 1] as string) > (files[i] as string)) return false;
  return true;
}

/** Position of the first string not below `value` in `sorted` (ascending, code-unit order): binary search. */
export function lowerBound(sorted: readonly string[], value: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as string) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function trimSlashes(path: string): string {
  return path.replace(/^\.\//, '').replace(/\/+$/, '');
}
