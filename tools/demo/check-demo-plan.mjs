// What the demo's plan must say. Returns the list of failed expectations (empty when all hold).
import { DEMO_KEYS } from './demo-files.mjs';

const pair = (overlap) => overlap.tickets.join(' ↔ ');

/** The conflicts the demo tickets were written to produce: kind, the two keys in order, shared items. */
export const EXPECTED_CONFLICTS = [
  { kind: 'file', tickets: ['DEMO-1', 'DEMO-3'], items: ['apps/web/src/profile.js'] },
  { kind: 'link', tickets: ['DEMO-2', 'DEMO-4'], items: ['DEMO-4 depends on DEMO-2'] },
  { kind: 'shared-file', tickets: ['DEMO-6', 'DEMO-5'], items: ['package-lock.json'] },
];

/** Batches the demo prints with the default `max_threads: 3`. */
export const EXPECTED_BATCHES = [
  ['DEMO-2', 'DEMO-1', 'DEMO-6'],
  ['DEMO-3', 'DEMO-4', 'DEMO-5'],
];

/**
 * Check the `plan --json` document of the demo tickets.
 * @param {any} plan
 * @returns {string[]} failed expectations, as sentences
 */
export function checkDemoPlan(plan) {
  const failures = [];
  const expect = (ok, sentence) => {
    if (!ok) failures.push(sentence);
  };
  expect(plan.version === 1 && plan.base === 'main', `plan version 1 on base main, got version ${plan.version} on ${plan.base}`);
  expect(JSON.stringify([...plan.order].sort()) === JSON.stringify(DEMO_KEYS), `every demo ticket is planned, got ${plan.order.join(' ')}`);
  expect(plan.tickets.every((ticket) => ticket.footprint === 'known'), 'every demo ticket has a known footprint');
  const conflicts = plan.overlaps.filter((overlap) => overlap.conflict);
  const shown = conflicts.map((c) => `${c.kind} ${pair(c)} [${c.items.join(', ')}]`).sort();
  const wanted = EXPECTED_CONFLICTS.map((c) => `${c.kind} ${c.tickets.join(' ↔ ')} [${c.items.join(', ')}]`).sort();
  expect(JSON.stringify(shown) === JSON.stringify(wanted), `conflicts are ${wanted.join('; ')}, got ${shown.join('; ') || 'none'}`);
  const batchOf = new Map(plan.batches.flatMap((batch, index) => batch.map((key) => [key, index])));
  for (const { tickets: [first, second] } of EXPECTED_CONFLICTS) {
    expect(batchOf.get(first) < batchOf.get(second), `${second} runs in a later batch than ${first}`);
    expect(plan.order.indexOf(first) < plan.order.indexOf(second), `${first} comes before ${second} in the order`);
  }
  expect(JSON.stringify(plan.batches) === JSON.stringify(EXPECTED_BATCHES), `batches are ${JSON.stringify(EXPECTED_BATCHES)}, got ${JSON.stringify(plan.batches)}`);
  expect(plan.estimate.sequentialMinutes === 510, `sequential estimate is 8h30m (510 min), got ${plan.estimate.sequentialMinutes}`);
  expect(plan.estimate.parallelMinutes < plan.estimate.sequentialMinutes, 'the parallel estimate beats the sequential one');
  const demo1 = plan.tickets.find((ticket) => ticket.key === 'DEMO-1');
  expect(demo1?.predictedPaths.includes('libs/avatar/src/upload.js'), 'DEMO-1 predicts the new file libs/avatar/src/upload.js');
  expect(JSON.stringify(demo1?.affectedProjects) === JSON.stringify(['avatar', 'web', 'web-e2e']), `DEMO-1 affects avatar, web, web-e2e, got ${demo1?.affectedProjects}`);
  return failures;
}
