import type { CodeownersRule } from '@nx-tickets/core';

/** Split a line on unescaped whitespace, keeping escapes (`\ `, `\#`) in the tokens. */
function tokenise(line: string): string[] {
  const tokens: string[] = [];
  let current = '';
  for (let i = 0; i < line.length; i += 1) {
    const char = line[i] as string;
    if (char === '\\' && i + 1 < line.length) {
      current += char + (line[i + 1] as string);
      i += 1;
    } else if (/\s/.test(char)) {
      if (current !== '') tokens.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  if (current !== '') tokens.push(current);
  return tokens;
}

/**
 * Parse a CODEOWNERS file (GitHub syntax) into rules in file order. Blank lines and comments (a
 * token starting with an unescaped `#`, at the start of a line or after whitespace) are skipped;
 * patterns keep their escapes (`\#`, `\ `) so gitignore-style matching reads them literally.
 * A pattern without owners is kept (it un-owns the paths). Section headers (`[Section]`, GitLab)
 * are skipped.
 */
export function parseCodeowners(text: string): CodeownersRule[] {
  const rules: CodeownersRule[] = [];
  for (const line of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    const tokens = tokenise(line);
    const comment = tokens.findIndex((token) => token.startsWith('#'));
    const meaningful = comment === -1 ? tokens : tokens.slice(0, comment);
    const [pattern, ...owners] = meaningful;
    if (pattern === undefined || /^\^?\[[^\]]*\]/.test(pattern)) continue;
    rules.push({ pattern, owners });
  }
  return rules;
}
