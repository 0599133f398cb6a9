/** A ticket file cut in two. */
export interface SplitTicketFile {
  /** The YAML between the `---` fences, or `undefined` when the file has none. */
  frontMatter: string | undefined;
  /** The Markdown after the closing fence (the whole file when there is no front matter). */
  body: string;
}

const OPENING = /^\uFEFF?---[ \t]*\r?\n/;
const CLOSING = /^(?:---|\.\.\.)[ \t]*$/m;

/**
 * Split a Markdown file into YAML front matter and body. The file must start with a `---` line;
 * the front matter ends at the next line that is `---` (or `...`). An unclosed fence counts as no
 * front matter.
 */
export function splitFrontMatter(text: string): SplitTicketFile {
  const opening = OPENING.exec(text);
  if (!opening) return { frontMatter: undefined, body: text };
  const rest = text.slice(opening[0].length);
  const closing = CLOSING.exec(rest);
  if (!closing) return { frontMatter: undefined, body: text };
  const afterFence = rest.slice(closing.index + closing[0].length).replace(/^\r?\n/, '');
  return { frontMatter: rest.slice(0, closing.index), body: afterFence };
}

/** The text of the first `# heading` of a Markdown body, if any. */
export function firstHeading(body: string): string | undefined {
  return /^#{1,6}[ \t]+(.+?)[ \t#]*$/m.exec(body)?.[1]?.trim() || undefined;
}
