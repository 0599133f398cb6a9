import micromatch from 'micromatch';

/** Options for every glob match in planning: dotfiles count, paths are POSIX. */
export const GLOB_OPTIONS = { dot: true } as const;

/**
 * The workspace's files, indexed for planning: a sorted array (files under a folder are one
 * contiguous range, found by binary search), a set for exact look-ups and a basename index.
 * Build once per plan: O(n log n) for n files.
 */
export class FileIndex {
  private readonly sorted: string[];
  private readonly exact: Set<string>;
  private byBasename: Map<string, string[]> | undefined;

  /** @param files workspace-relative POSIX paths, any order, duplicates allowed. */
  constructor(files: readonly string[]) {
    this.exact = new Set(files);
    this.sorted = [...this.exact].sort();
  }

  /** Number of files. */
  get size(): number {
    return this.sorted.length;
  }

  /** Whether `path` is a file of the workspace. */
  has(path: string): boolean {
    return this.exact.has(path);
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
   * @returns `files` matched and the glob's static `base` folder (`''` when it has none).
   */
  match(raw: string): { files: string[]; base: string; isGlob: boolean } {
    const pattern = raw.replace(/^(?:\.\/)+/, '');
    const scan = micromatch.scan(pattern);
    const base = trimSlashes(scan.base);
    if (!scan.isGlob) {
      const path = trimSlashes(pattern);
      if (this.exact.has(path)) return { files: [path], base: path, isGlob: false };
      return { files: this.filesUnder(path), base: path, isGlob: false };
    }
    const isMatch = micromatch.matcher(pattern, GLOB_OPTIONS);
    return { files: this.filesUnder(base).filter((f) => isMatch(f)), base, isGlob: true };
  }
}

/** Compare by UTF-16 code units, the order `filesUnder` relies on. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function lowerBound(sorted: readonly string[], value: string): number {
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
