/** A node of an Atlassian Document Format tree (descriptions, comments). Untrusted input. */
export interface AdfNode {
  type?: unknown;
  text?: unknown;
  attrs?: Record<string, unknown>;
  content?: unknown;
}

/** Nodes that start on their own line. */
const BLOCKS = new Set(['paragraph', 'heading', 'blockquote', 'codeBlock', 'panel', 'rule', 'bulletList', 'orderedList', 'listItem', 'table', 'tableRow', 'mediaSingle', 'expand', 'nestedExpand', 'decisionList', 'decisionItem', 'taskList', 'taskItem', 'layoutSection', 'layoutColumn', 'blockCard']);
const MAX_DEPTH = 64;
const MAX_LENGTH = 100_000;

/** The visible text of an inline node that has no `text`: mentions, emoji, cards, dates, statuses. */
function inlineText(node: AdfNode): string {
  const attrs = node.attrs ?? {};
  const pick = (...names: string[]) => names.map((n) => attrs[n]).find((v): v is string => typeof v === 'string') ?? '';
  switch (node.type) {
    case 'hardBreak':
      return '\n';
    case 'mention':
      return pick('text');
    case 'emoji':
      return pick('text', 'shortName');
    case 'inlineCard':
    case 'blockCard':
      return pick('url');
    case 'status':
      return pick('text');
    case 'date':
      return typeof attrs['timestamp'] === 'string' ? new Date(Number(attrs['timestamp'])).toISOString().slice(0, 10) : '';
    default:
      return '';
  }
}

/**
 * Plain text of an ADF document: text nodes as written, one line per paragraph, heading, list item,
 * code block or table row (list items start with `- `), mentions/emoji/links by their visible text.
 * Unknown nodes contribute their children; nesting deeper than 64 levels and text past 100,000
 * characters are cut (the input is untrusted). A string is returned as is; anything else is ''.
 *
 * A small walker rather than a package: the ADF converters on npm produce Markdown or HTML (which
 * would then need stripping) and throw on node types they do not know; this needs neither.
 */
export function adfToText(document: unknown): string {
  if (typeof document === 'string') return document.slice(0, MAX_LENGTH);
  const out: string[] = [];
  let length = 0;
  const push = (text: string) => {
    if (length >= MAX_LENGTH || text === '') return;
    out.push(text);
    length += text.length;
  };
  const walk = (node: unknown, depth: number): void => {
    if (node === null || typeof node !== 'object' || depth > MAX_DEPTH) return;
    const n = node as AdfNode;
    const block = typeof n.type === 'string' && BLOCKS.has(n.type);
    if (block) push('\n');
    if (n.type === 'listItem' || n.type === 'taskItem') push('- ');
    if (typeof n.text === 'string') push(n.text);
    else push(inlineText(n));
    if (Array.isArray(n.content)) for (const child of n.content) walk(child, depth + 1);
    if (block) push('\n');
  };
  walk(document, 0);
  return out
    .join('')
    .replace(/\n- \n+/g, '\n- ')
    .replace(/\n{2,}- /g, '\n- ')
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
    .slice(0, MAX_LENGTH);
}
