import type { MappedTicket } from './map-tickets.js';
import type { OverlapKind } from './plan.js';

const under = (path: string, base: string): boolean => path === base || base === '' || (path.startsWith(base) && path.charCodeAt(base.length) === 47);

/**
 * What two tickets overlap on, for one kind: the files, patterns, projects or links, sorted, at
 * most `maxItems` of them, and how many there are in all. Called for the pairs
 * {@link detectOverlaps} found, so it may compare the two tickets directly.
 *
 * Items: `file` — common files, `<file> (predicted <pattern>)`, `<pattern>` or `<pattern> ~ <pattern>`
 * for predictions over each other, `<pattern> (in <folder>)` for a prediction in a claimed folder;
 * `shared-file` — the workspace-wide files either touches; `project` — common owning projects;
 * `dependency` — `<dependent> → <project it depends on>`; `link` — `<KEY> depends on <KEY>`.
 */
export function explainOverlap(x: MappedTicket, y: MappedTicket, kind: OverlapKind, rootProject?: string, maxItems = Number.POSITIVE_INFINITY): { items: string[]; count: number } {
  const out: string[] = [];
  let sorted = true; // out is sorted and free of duplicates as built
  switch (kind) {
    case 'file': {
      // Both file lists are sorted by code units: merge them.
      for (let i = 0, j = 0; i < x.files.length && j < y.files.length; ) {
        const a = x.files[i] as string;
        const b = y.files[j] as string;
        if (a < b) i += 1;
        else if (a > b) j += 1;
        else {
          if (x.shared.length === 0 || !x.shared.includes(a)) out.push(a);
          i += 1;
          j += 1;
        }
      }
      if (x.predicted.length === 0 && y.predicted.length === 0) break;
      sorted = false;
      predictionItems(x, y, out);
      predictionItems(y, x, out);
      break;
    }
    case 'shared-file':
      out.push(...x.shared, ...y.shared);
      sorted = false;
      break;
    case 'project':
      // Both project lists are sorted.
      for (const project of x.projects) if (project !== rootProject && y.projects.includes(project)) out.push(project);
      break;
    case 'dependency':
      dependencyItems(x, y, out);
      dependencyItems(y, x, out);
      sorted = out.length < 2;
      break;
    case 'link':
      if (x.ticket.dependsOn.includes(y.ticket.key)) out.push(`${x.ticket.key} depends on ${y.ticket.key}`);
      if (y.ticket.dependsOn.includes(x.ticket.key)) out.push(`${y.ticket.key} depends on ${x.ticket.key}`);
      sorted = out.length < 2;
      break;
  }
  const items = sorted ? out : [...new Set(out)].sort();
  return { items: items.length > maxItems ? items.slice(0, maxItems) : items, count: items.length };
}

/** `a`'s predicted paths over `b`'s files, predictions and claimed folders, and `b`'s predictions over `a`'s files. */
function predictionItems(a: MappedTicket, b: MappedTicket, out: string[]): void {
  for (const p of b.predicted) for (const file of a.files) if (under(file, p.base)) out.push(`${file} (predicted ${p.pattern})`);
  for (const p of a.predicted) {
    for (const q of b.predicted) if (under(p.base, q.base)) out.push(p.pattern === q.pattern ? p.pattern : `${p.pattern} ~ ${q.pattern}`);
    for (const dir of b.claimedDirs) if (under(p.base, dir)) out.push(`${p.pattern} (in ${dir === '' ? '.' : dir})`);
  }
}

/** `b`'s owning projects that depend on `a`'s: `<dependent> → <a's project>`. */
function dependencyItems(a: MappedTicket, b: MappedTicket, out: string[]): void {
  for (const project of b.projects) {
    const origin = a.dependents.get(project);
    if (origin !== undefined) out.push(`${project} → ${origin}`);
  }
}
