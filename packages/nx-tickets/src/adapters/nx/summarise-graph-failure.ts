import { stripVTControlCharacters } from 'node:util';

/** Code-frame lines Nx prints under a parse error (`  > 2 | {`, `    | ^`). */
const CODE_FRAME = /^\s*>?\s*\d*\s*\|/;

/**
 * Turn the text of a failed project-graph computation into one short clause for a warning: the
 * first meaningful lines — without code frames, stack frames, `file:` headings or Nx's generic
 * "Failed to process project graph" — with paths made relative to `root`.
 */
export function summariseGraphFailure(reason: string, root: string): string {
  if (/Cannot find module '@nx\/devkit'/.test(reason)) {
    return '@nx/devkit is not installed in the workspace (install nx and @nx/devkit)';
  }
  const lines = stripVTControlCharacters(reason)
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !CODE_FRAME.test(line) && !line.startsWith('at '))
    .map((line) => line.replace(/^- /, '').replaceAll(`${root}/`, '').replace(/\.$/, ''));
  const specific = lines.filter((line) => !line.endsWith(':') && !/^Failed to process project graph$/i.test(line));
  const unique = [...new Set(specific.length > 0 ? specific : lines)];
  const text = unique.slice(0, 4).join('; ');
  return text.length > 400 ? `${text.slice(0, 399)}…` : text || 'unknown error';
}
