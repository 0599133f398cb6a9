import stringWidth from 'string-width';

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * The columns `text` takes in a terminal: East Asian wide characters (CJK) and emoji count two,
 * combining marks, zero-width characters and ANSI escape codes none (`string-width`).
 */
export function displayWidth(text: string): number {
  return stringWidth(text);
}

/** `text` followed by spaces up to `width` columns; unchanged when it is as wide already. */
export function padEndToWidth(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

/** Spaces up to `width` columns followed by `text`; unchanged when it is as wide already. */
export function padStartToWidth(text: string, width: number): string {
  return ' '.repeat(Math.max(0, width - displayWidth(text))) + text;
}

/**
 * `text` when it fits in `width` columns; otherwise its longest start that fits with a closing `…`.
 * Cuts between whole characters (grapheme clusters: a surrogate pair, an emoji sequence, a letter
 * and its accents stay together), so the result may be a column narrower than `width`, never wider.
 * For plain text, without ANSI escape codes.
 */
export function truncateToWidth(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  if (width <= 0) return '';
  const room = width - 1;
  let kept = '';
  let used = 0;
  for (const { segment } of graphemes.segment(text)) {
    const next = displayWidth(segment);
    if (used + next > room) break;
    kept += segment;
    used += next;
  }
  return `${kept}…`;
}
