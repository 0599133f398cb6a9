import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ticket } from '../testing/fixtures.js';
import type { WorkspaceModel } from '../workspace/workspace-model.js';
import { detectOverlaps, kindsOf } from './detect-overlaps.js';
import { explainOverlap } from './explain-overlap.js';
import { classifyFootprints } from './footprint-classes.js';
import { buildMappingContext, mapTicket, type MappedTicket } from './map-tickets.js';
import { OverlapExplainer } from './overlap-explainer.js';
import { OVERLAP_KINDS } from './plan.js';
import { DEFAULT_SHARED_FILES } from './planning-options.js';

const under = (path: string, base: string) => path === base || path.startsWith(`${base}/`);

/** The obvious all-pairs comparison, as the reference the indexed detection must agree with. */
function overlappingPairsDirectly(mapped: MappedTicket[], rootProject: string | undefined): string[] {
  const pairs: string[] = [];
  for (let a = 0; a < mapped.length; a += 1) {
    for (let b = a + 1; b < mapped.length; b += 1) {
      const x = mapped[a] as MappedTicket;
      const y = mapped[b] as MappedTicket;
      const sharedX = new Set(x.shared);
      const file =
        x.files.some((f) => !sharedX.has(f) && y.files.includes(f)) ||
        x.predicted.some((p) => y.files.some((f) => under(f, p.base)) || y.predicted.some((q) => under(q.base, p.base) || under(p.base, q.base)) || y.claimedDirs.some((d) => under(p.base, d) || d === '')) ||
        y.predicted.some((p) => x.files.some((f) => under(f, p.base)) || x.claimedDirs.some((d) => under(p.base, d) || d === ''));
      const shared = x.shared.length > 0 && y.shared.length > 0;
      const project = !file && x.projects.some((p) => p !== rootProject && y.projects.includes(p));
      const dependency = x.projects.some((p) => y.dependents.has(p)) || y.projects.some((p) => x.dependents.has(p));
      const link = x.ticket.dependsOn.includes(y.ticket.key) || y.ticket.dependsOn.includes(x.ticket.key);
      const kinds = [file && 'file', shared && 'shared-file', project && 'project', dependency && 'dependency', link && 'link'].filter(Boolean);
      if (kinds.length > 0) pairs.push(`${a}-${b}:${kinds.join(',')}`);
    }
  }
  return pairs;
}

const folders = ['apps/web/src', 'apps/web/src/pages', 'apps/admin/src', 'libs/ui/src', 'libs/auth/src', 'libs/auth/src/new', 'libs/new-lib'];
const projects = [
  { name: 'web', root: 'apps/web' },
  { name: 'admin', root: 'apps/admin' },
  { name: 'ui', root: 'libs/ui' },
  { name: 'auth', root: 'libs/auth' },
  { name: 'source', root: '.' },
];
const workspace: WorkspaceModel = {
  files: ['package.json', 'package-lock.json', 'README.md', ...folders.slice(0, 5).flatMap((dir) => [0, 1, 2].map((i) => `${dir}/f${i}.ts`))],
  projects,
  dependencies: { web: ['ui', 'auth'], admin: ['ui'] },
  codeowners: [],
  // Branch diffs name files the index does not hold yet, which predictions of others can equal or cover.
  branchDiffs: {
    'T-1': { branch: 'feature/T-1', files: ['apps/web/src/f3.ts', 'libs/auth/src/new/a.ts'] },
    'T-2': { branch: 'feature/T-2', files: ['libs/new-lib/index.ts'] },
  },
  warnings: [],
};

const pathArbitrary = fc.oneof(
  fc.constantFrom(...workspace.files),
  fc.tuple(fc.constantFrom(...folders), fc.integer({ min: 0, max: 4 })).map(([dir, i]) => `${dir}/f${i}.ts`),
  fc.constantFrom(...folders).map((dir) => `${dir}/**`),
  // Matches nothing, so it predicts new files in a folder that may already hold others' files.
  fc.constantFrom(...folders).map((dir) => `${dir}/*.tsx`),
);
const ticketsArbitrary = fc.array(
  fc.record({
    files: fc.array(pathArbitrary, { maxLength: 3 }),
    projects: fc.array(fc.constantFrom('web', 'admin', 'ui', 'auth'), { maxLength: 1 }),
    dependsOn: fc.array(fc.integer({ min: 0, max: 7 }), { maxLength: 1 }),
  }),
  { minLength: 2, maxLength: 8 },
);

describe('detectOverlaps', () => {
  test('finds exactly the pairs and kinds an all-pairs comparison finds', () => {
    const context = buildMappingContext(workspace, DEFAULT_SHARED_FILES);
    fc.assert(
      // Repeating the tickets (under other keys) puts two or more tickets in each footprint class.
      fc.property(ticketsArbitrary, fc.boolean(), (unique, repeat) => {
        const specs = repeat ? [...unique, ...unique] : unique;
        const tickets = specs.map((spec, i) => ticket(`T-${i}`, { files: spec.files, projects: spec.projects, dependsOn: spec.dependsOn.filter((d) => d < i).map((d) => `T-${d}`) }));
        const mapped = tickets.map((t) => mapTicket(t, workspace, context, () => undefined));
        const n = mapped.length;
        const found = [...detectOverlaps(mapped, 'source')].map(([id, mask]) => ({ a: Math.floor(id / n), b: id % n, kinds: kindsOf(mask) }));
        // Every kind found can be explained: the items name what the two tickets share.
        for (const { a, b, kinds } of found) for (const kind of kinds) expect(explainOverlap(mapped[a] as MappedTicket, mapped[b] as MappedTicket, kind, 'source').count).toBeGreaterThan(0);
        const indexed = found.map((p) => `${p.a}-${p.b}:${p.kinds.join(',')}`).sort();
        expect(indexed).toEqual(overlappingPairsDirectly(mapped, 'source').map((p) => p.replace(/:(.*)$/, (_, k: string) => `:${k.split(',').sort(order).join(',')}`)).sort());
      }),
      { numRuns: 500, seed: 20261129 },
    );
  });
});

describe('OverlapExplainer', () => {
  test('explains every pair found exactly as explainOverlap does', () => {
    const context = buildMappingContext(workspace, DEFAULT_SHARED_FILES);
    fc.assert(
      fc.property(ticketsArbitrary, fc.integer({ min: 1, max: 4 }), (unique, maxItems) => {
        const specs = [...unique, ...unique.slice(0, 3)];
        const tickets = specs.map((spec, i) => ticket(`T-${i}`, { files: spec.files, projects: spec.projects, dependsOn: spec.dependsOn.filter((d) => d < i).map((d) => `T-${d}`) }));
        const mapped = tickets.map((t) => mapTicket(t, workspace, context, () => undefined));
        const n = mapped.length;
        const explainer = new OverlapExplainer(mapped, classifyFootprints(mapped), 'source', maxItems);
        for (const [id, mask] of detectOverlaps(mapped, 'source')) {
          const [a, b] = [Math.floor(id / n), id % n];
          for (const kind of kindsOf(mask)) {
            expect(explainer.explain(a, b, OVERLAP_KINDS.indexOf(kind))).toEqual(explainOverlap(mapped[a] as MappedTicket, mapped[b] as MappedTicket, kind, 'source', maxItems));
          }
        }
      }),
      { numRuns: 300, seed: 20261129 },
    );
  });

  test('shares one frozen items array between tickets with the same files', () => {
    const context = buildMappingContext(workspace, DEFAULT_SHARED_FILES);
    const tickets = [ticket('S-1', { files: ['libs/ui/src/**'] }), ticket('S-2', { files: ['libs/ui/src/**'] }), ticket('S-3', { files: ['libs/ui/src/f1.ts'] })];
    const mapped = tickets.map((t) => mapTicket(t, workspace, context, () => undefined));
    const explainer = new OverlapExplainer(mapped, classifyFootprints(mapped), 'source', 50);
    const first = explainer.explain(0, 2, OVERLAP_KINDS.indexOf('file'));
    expect(first).toEqual({ items: ['libs/ui/src/f1.ts'], count: 1 });
    expect(explainer.explain(1, 2, OVERLAP_KINDS.indexOf('file')).items).toBe(first.items);
    expect(Object.isFrozen(first.items)).toBe(true);
  });
});

const KIND_ORDER = ['file', 'shared-file', 'project', 'dependency', 'link'];
function order(a: string, b: string): number {
  return KIND_ORDER.indexOf(a) - KIND_ORDER.indexOf(b);
}
