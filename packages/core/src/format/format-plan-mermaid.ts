import type { Overlap, Plan } from '../planning/plan.js';
import { truncateToWidth } from './display-width.js';
import { formatMinutes } from './format-minutes.js';

/**
 * The plan's overlap and dependency graph as a Mermaid `graph` (flowchart), left to right in plan
 * order: one node per ticket (key, title, estimate), one edge per pair of related tickets from the
 * earlier to the later, labelled with the overlap kinds and their first item. Conflicts (file or
 * shared-file overlaps the policy forbids to run at the same time) are thick red edges and their
 * tickets have the `conflict` class; `dependsOn` links are plain arrows; overlaps that may run in
 * parallel are dotted. Node ids are
 * `t<index>` plus the key's letters and digits; every label is quoted with Mermaid's entity codes
 * for `"`, `<`, `>`, `&`, `#`, `|` and backticks, so ticket text can not change the diagram.
 * Ends with a newline.
 */
export function formatPlanMermaid(plan: Plan): string {
  const ids = new Map(plan.tickets.map((t, i) => [t.key, `t${i}_${t.key.replace(/[^A-Za-z0-9]/g, '_')}`]));
  const lines = ['graph LR', `  %% nx-tickets plan: ${plan.tickets.length} tickets onto ${sanitiseComment(plan.base)}`];
  for (const t of plan.tickets) {
    const est = `est ${formatMinutes(t.estimateMinutes)}${t.estimateSource === 'ticket' ? '' : ` (${t.estimateSource})`}`;
    lines.push(`  ${ids.get(t.key) as string}["${label(t.key)}: ${label(truncateToWidth(t.title, 60))}<br/>${label(est)}"]`);
  }
  const pairs = new Map<string, Overlap[]>();
  for (const o of plan.overlaps) {
    const id = `${o.tickets[0]}\u0000${o.tickets[1]}`;
    pairs.set(id, [...(pairs.get(id) ?? []), o]);
  }
  const conflictEdges: number[] = [];
  const conflictNodes = new Set<string>();
  let edge = 0;
  for (const overlaps of pairs.values()) {
    const [before, after] = (overlaps[0] as Overlap).tickets;
    const from = ids.get(before);
    const to = ids.get(after);
    if (from === undefined || to === undefined) continue;
    // A dependsOn link orders the two too, but it is drawn as what it is: a dependency.
    const conflict = overlaps.some((o) => o.conflict && o.kind !== 'link');
    const text = overlaps.map(describe).join(' · ');
    const arrow = conflict ? '==>' : overlaps.some((o) => o.kind === 'link') ? '-->' : '-.->';
    lines.push(`  ${from} ${arrow}|"${label(text)}"| ${to}`);
    if (conflict) {
      conflictEdges.push(edge);
      conflictNodes.add(from).add(to);
    }
    edge += 1;
  }
  lines.push('  classDef conflict stroke:#c62828,stroke-width:2px');
  if (conflictNodes.size > 0) lines.push(`  class ${[...conflictNodes].join(',')} conflict`);
  if (conflictEdges.length > 0) lines.push(`  linkStyle ${conflictEdges.join(',')} stroke:#c62828,stroke-width:3px`);
  return `${lines.join('\n')}\n`;
}

function describe(o: Overlap): string {
  if (o.kind === 'link') return 'depends on';
  const first = o.items[0] ?? '';
  return `${o.kind}${first ? ` ${truncateToWidth(first, 40)}` : ''}${o.itemCount > 1 ? ` +${o.itemCount - 1}` : ''}`;
}

const ENTITIES: Record<string, string> = { '"': '#quot;', '<': '#lt;', '>': '#gt;', '&': '#amp;', '#': '#35;', '|': '#124;', '`': '#96;' };

/** Text for inside a quoted Mermaid label: entity codes for the characters Mermaid reads. */
function label(text: string): string {
  return text.replace(/[\r\n\t]+/g, ' ').replace(/["<>&#|`]/g, (ch) => ENTITIES[ch] as string);
}

function sanitiseComment(text: string): string {
  return text.replace(/[^\w./-]/g, '_');
}
