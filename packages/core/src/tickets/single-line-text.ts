/**
 * Control characters (C0, DEL, C1: newlines, tabs, ESC of terminal escape sequences) and Unicode
 * bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069), which can make printed text
 * read differently from what it is.
 */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]+/g;

/**
 * Ticket text that is printed on one line — a title — from an untrusted source (a ticket file, Jira,
 * GitHub): every run of control characters and bidi overrides becomes one space, spaces are
 * collapsed, the ends trimmed. So a title cannot move the terminal's cursor, colour it, or add lines
 * to a commit message.
 *
 * @example singleLineText('Fix\nlogin \u001b[31mnow') === 'Fix login [31mnow'
 */
export function singleLineText(text: string): string {
  return text.replace(UNPRINTABLE, ' ').replace(/ {2,}/g, ' ').trim();
}
