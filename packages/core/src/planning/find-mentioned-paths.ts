import type { FileIndex } from './file-index.js';

const URL_PATTERN = /\b[a-z][a-z0-9+.-]*:\/\/\S+/gi;
/** A path-like token: segments of word characters, dots, dashes or @, at least one `/` or an extension. */
const TOKEN_PATTERN = /(?:[\w@.-]+\/)*[\w@-][\w@.-]*\.[A-Za-z0-9]+|(?:[\w@.-]+\/)+[\w@.-]+/g;

/** Paths found in free text, resolved against the file index. */
export interface MentionedPaths {
  files: string[];
  /** File names that matched several files: `{ name, files }` (all of them are used). */
  ambiguous: Array<{ name: string; files: readonly string[] }>;
}

/**
 * Find workspace files named in a ticket's title or description: full paths
 * (`libs/auth/src/redirect.ts`), path tails (`src/redirect.ts`) and bare file names
 * (`UserProfile.tsx`). Tokens that resolve to nothing are ignored, so prose like `e.g.` is harmless;
 * URLs are skipped. Never touches the disk: only the index is consulted.
 */
export function findMentionedPaths(text: string, index: FileIndex): MentionedPaths {
  const files = new Set<string>();
  const ambiguous: MentionedPaths['ambiguous'] = [];
  const seen = new Set<string>();
  for (const raw of text.replace(URL_PATTERN, ' ').match(TOKEN_PATTERN) ?? []) {
    const token = raw.replace(/^\.\//, '').replace(/[.]+$/, '');
    if (token === '' || seen.has(token) || token.split('/').includes('..')) continue;
    seen.add(token);
    if (index.has(token)) {
      files.add(token);
      continue;
    }
    const name = token.slice(token.lastIndexOf('/') + 1);
    const named = index.filesNamed(name);
    const matches = token.includes('/') ? named.filter((f) => f.endsWith(`/${token}`)) : named;
    if (matches.length === 0) continue;
    for (const file of matches) files.add(file);
    if (matches.length > 1) ambiguous.push({ name: token, files: matches });
  }
  return { files: [...files], ambiguous };
}
