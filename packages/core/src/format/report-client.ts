/**
 * The style sheet and the script of the HTML run view. The script draws the timeline with
 * vis-timeline and the overlap graph with cytoscape (both inlined by the caller) from the JSON data
 * block; ticket text only ever reaches the page through `textContent`, `title` properties and
 * canvas labels, never as HTML.
 */

/** CSS of the run view. */
export const REPORT_CSS = `
:root { --ok: #2e7d32; --bad: #c62828; --warn: #ef6c00; --muted: #6b7280; --line: #e5e7eb; --accent: #1d4ed8; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; color: #111827; background: #f9fafb; }
header { padding: 16px 24px; background: #111827; color: #f9fafb; }
header h1 { margin: 0; font-size: 20px; }
header p { margin: 4px 0 0; color: #d1d5db; }
main { padding: 16px 24px 48px; max-width: 1400px; }
section.panel { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; margin: 16px 0; }
h2 { font-size: 16px; margin: 0 0 8px; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 8px; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; }
.card b { display: block; font-size: 18px; }
.card span { color: var(--muted); font-size: 12px; }
#timeline { min-height: 160px; }
#graph { height: 520px; border: 1px solid var(--line); border-radius: 6px; }
.legend { display: flex; flex-wrap: wrap; gap: 12px; margin: 8px 0 0; font-size: 12px; color: var(--muted); }
.legend i { display: inline-block; width: 14px; height: 10px; margin-right: 4px; vertical-align: middle; border-radius: 2px; }
.vis-item.step-prepare, .legend .step-prepare { background: #93c5fd; border-color: #3b82f6; }
.vis-item.step-implement, .legend .step-implement { background: #a5b4fc; border-color: #6366f1; }
.vis-item.step-verify, .legend .step-verify { background: #86efac; border-color: #16a34a; }
.vis-item.step-commit, .legend .step-commit { background: #fde68a; border-color: #d97706; }
.vis-item.step-push, .vis-item.step-pr { background: #fbcfe8; border-color: #db2777; }
.vis-item.step-merge, .legend .step-merge { background: #c4b5fd; border-color: #7c3aed; }
.vis-item.step-failed, .legend .step-failed { background: #fecaca !important; border-color: var(--bad) !important; }
.vis-item.step-interrupted, .legend .step-interrupted { background: repeating-linear-gradient(45deg, #f3f4f6, #f3f4f6 4px, #d1d5db 4px, #d1d5db 8px) !important; border-color: var(--muted) !important; border-style: dashed; color: #374151; }
.vis-item.vis-background.paused, .legend .paused { background: rgba(107, 114, 128, 0.16); }
.vis-item.vis-background.paused .vis-item-content { color: var(--muted); }
.vis-item.wait, .legend .wait { background: repeating-linear-gradient(45deg, #f3f4f6, #f3f4f6 4px, #e5e7eb 4px, #e5e7eb 8px); border-style: dashed; color: #374151; }
.vis-item.wait-dependency, .legend .wait-dependency { border-color: #2563eb; }
.vis-item.wait-conflict, .legend .wait-conflict { border-color: var(--bad); }
.vis-item.wait-resources, .legend .wait-resources { border-color: var(--warn); }
.vis-item.wait-merge-train, .legend .wait-merge-train { border-color: #7c3aed; }
.vis-item .vis-item-content { font-size: 12px; padding: 1px 4px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 4px 8px; border-bottom: 1px solid var(--line); }
th { color: var(--muted); font-weight: 600; white-space: nowrap; width: 1%; }
.ticket h3 { margin: 0 0 6px; font-size: 15px; }
.status { display: inline-block; padding: 0 8px; border-radius: 10px; font-size: 12px; font-weight: 600; color: #fff; background: var(--muted); }
.status-merged { background: var(--ok); } .status-failed { background: var(--bad); } .status-conflict { background: var(--warn); }
.status-blocked { background: #6b7280; } .status-running, .status-built, .status-merging { background: var(--accent); }
.files li.extra { color: var(--warn); } .files li.missing { color: var(--muted); text-decoration: line-through; }
ul.files, ul.plain { margin: 0; padding-left: 18px; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12px; }
pre { background: #111827; color: #e5e7eb; padding: 8px; border-radius: 6px; overflow: auto; max-height: 320px; white-space: pre-wrap; }
.cached { color: var(--ok); font-weight: 600; }
.error { color: var(--bad); }
.note { color: var(--muted); }
`;

/**
 * A ticket title for a graph node: at most `max` characters as a person counts them (whole emoji,
 * accented letters — grapheme clusters, by `Intl.Segmenter`), ending in `…` when cut. Also runs in
 * the report page: its source is put into {@link REPORT_SCRIPT}, so it uses nothing but the
 * language and `Intl` (no imports, no closure).
 */
export function cutTitle(text: string, max: number): string {
  const parts = typeof Intl !== 'undefined' && Intl.Segmenter ? Array.from(new Intl.Segmenter().segment(text), (s) => s.segment) : Array.from(text);
  return parts.length > max ? `${parts.slice(0, max - 1).join('')}…` : text;
}

/** The script that draws the two charts; `vis` and `cytoscape` are globals of the inlined bundles. */
export const REPORT_SCRIPT = `
(function () {
  var data = JSON.parse(document.getElementById('report-data').textContent);
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function fail(where, error) {
    var box = document.getElementById(where);
    if (box) box.appendChild(el('p', 'error', 'Could not draw this chart: ' + (error && error.message ? error.message : String(error))));
    console.error(error);
  }
  try {
    var lanes = data.timeline.lanes.map(function (lane, i) { return { id: lane.id, content: el('span', 'lane', lane.label), order: i }; });
    var items = data.timeline.segments.map(function (s, i) {
      var label = s.kind === 'step' ? s.ticket + ' ' + s.step + (s.reverify ? ' (again)' : '') + (s.interrupted ? ' (interrupted)' : '') : s.detail;
      var content = el('span', null, label);
      content.title = s.detail;
      var className = s.kind === 'step' ? 'step-' + s.step + (s.ok === false ? ' step-failed' : s.interrupted ? ' step-interrupted' : '') : 'wait wait-' + s.reason;
      return { id: i, group: s.lane, start: new Date(s.startMs), end: new Date(Math.max(s.endMs, s.startMs + 1)), type: 'range', content: content, className: className };
    });
    // The time the run was stopped: shaded across every lane, nothing ran then.
    data.timeline.pauses.forEach(function (p, i) {
      var content = el('span', null, 'run stopped');
      content.title = 'The run was stopped here (interrupted, or finished) until it was resumed or retried: nothing ran.';
      items.push({ id: 'pause-' + i, start: new Date(p.startMs), end: new Date(p.endMs), type: 'background', content: content, className: 'paused' });
    });
    var span = Math.max(1000, data.timeline.endMs - data.timeline.startMs);
    new vis.Timeline(document.getElementById('timeline'), new vis.DataSet(items), new vis.DataSet(lanes), {
      stack: true, groupOrder: 'order', showCurrentTime: false, selectable: false, zoomKey: 'ctrlKey',
      start: new Date(data.timeline.startMs - span * 0.02), end: new Date(data.timeline.endMs + span * 0.02),
      margin: { item: { horizontal: 0, vertical: 4 } }, orientation: { axis: 'top' },
    });
    document.body.setAttribute('data-timeline', 'drawn');
  } catch (error) { fail('timeline', error); }
  function byPlanOrder(a, b) {
    if (!a || !b) return a ? -1 : b ? 1 : 0;
    return a.data('order') - b.data('order');
  }
  ${cutTitle.toString()}
  try {
    var colour = { merged: '#2e7d32', failed: '#c62828', conflict: '#ef6c00', blocked: '#6b7280', pending: '#9ca3af' };
    var elements = data.graph.nodes.map(function (n) {
      var title = cutTitle(n.title, 40);
      var i = data.graph.nodes.indexOf(n);
      return { data: { id: 'n' + i, order: i, label: n.key + '\\n' + title, colour: colour[n.status] || '#1d4ed8' } };
    });
    var index = {};
    data.graph.nodes.forEach(function (n, i) { index[n.key] = 'n' + i; });
    // One edge per pair of tickets, labelled with every kind between them (as in the Mermaid graph).
    var pairs = {};
    var order = [];
    data.graph.edges.forEach(function (e) {
      if (!(e.before in index) || !(e.after in index)) return;
      var id = index[e.before] + '>' + index[e.after];
      if (!pairs[id]) { pairs[id] = { source: index[e.before], target: index[e.after], parts: [], conflict: false, link: false, unplanned: false }; order.push(id); }
      var pair = pairs[id];
      pair.parts.push(e.kind === 'link' ? 'depends on' : e.kind + (e.unplanned ? ' (unplanned)' : '') + (e.items.length > 0 ? ': ' + e.items[0] + (e.items.length > 1 ? ' +' + (e.items.length - 1) : '') : ''));
      if (e.conflict && e.kind !== 'link') pair.conflict = true;
      if (e.kind === 'link') pair.link = true;
      if (e.unplanned) pair.unplanned = true;
    });
    order.forEach(function (id, i) {
      var p = pairs[id];
      var classes = [p.conflict ? 'conflict' : p.link ? 'link' : 'overlap', p.unplanned ? 'unplanned' : ''].join(' ').trim();
      elements.push({ data: { id: 'e' + i, source: p.source, target: p.target, label: p.parts.join(' · ') }, classes: classes });
    });
    cytoscape({
      container: document.getElementById('graph'), elements: elements, userZoomingEnabled: true, boxSelectionEnabled: false,
      // Tickets on a circle in plan order: every edge between any two of them stays visible.
      layout: { name: 'circle', sort: byPlanOrder, padding: 24, spacingFactor: 1.1 },
      style: [
        { selector: 'node', style: { 'label': 'data(label)', 'text-wrap': 'wrap', 'text-valign': 'center', 'text-halign': 'center', 'shape': 'round-rectangle', 'width': 170, 'height': 46, 'background-color': '#fff', 'border-width': 3, 'border-color': 'data(colour)', 'font-size': 11 } },
        { selector: 'edge', style: { 'label': 'data(label)', 'font-size': 10, 'curve-style': 'bezier', 'target-arrow-shape': 'triangle', 'width': 1.5, 'line-color': '#9ca3af', 'target-arrow-color': '#9ca3af', 'text-background-color': '#fff', 'text-background-opacity': 0.9, 'text-background-padding': 2 } },
        { selector: 'edge.overlap', style: { 'line-style': 'dotted' } },
        { selector: 'edge.conflict', style: { 'line-color': '#c62828', 'target-arrow-color': '#c62828', 'width': 3, 'color': '#c62828' } },
        { selector: 'edge.link', style: { 'line-color': '#2563eb', 'target-arrow-color': '#2563eb' } },
        { selector: 'edge.unplanned', style: { 'line-style': 'dashed', 'line-color': '#ef6c00', 'target-arrow-color': '#ef6c00', 'color': '#ef6c00' } },
      ],
    });
    document.body.setAttribute('data-graph', 'drawn');
  } catch (error) { fail('graph', error); }
})();
`;
