import { posix } from 'node:path';
import micromatch from 'micromatch';

function reasonFor(path: string): string | undefined {
  if (path.trim() === '') return 'is empty';
  if (path.includes('\0')) return 'contains a NUL character';
  if (/^[A-Za-z]:/.test(path) || path.startsWith('\\\\')) return 'is an absolute Windows path';
  if (path.startsWith('/') || path.startsWith('\\')) return 'is absolute';
  if (path.startsWith('~')) return 'points into a home folder';
  const normalised = posix.normalize(path.replaceAll('\\', '/'));
  if (normalised.split(/[/{},]/).includes('..')) return 'leaves the workspace (`..`)';
  return undefined;
}

/**
 * Why a path or micromatch glob from untrusted input (a ticket, the config) may not be used, or
 * `undefined` when it stays inside the workspace. Rejects empty and NUL-containing text, absolute
 * paths (`/x`, `C:\x`, `\\server`), `~`, and anything with a `..` segment after normalisation —
 * also as a brace item (`{..,src}/x`) or inside a brace expansion (`{a/../..,b}`).
 */
export function describeUnsafePath(path: string): string | undefined {
  const direct = reasonFor(path);
  if (direct) return direct;
  let expanded: string[];
  try {
    expanded = micromatch.braces(path, { expand: true });
  } catch {
    return 'is not a valid glob';
  }
  for (const variant of expanded) {
    const reason = reasonFor(variant);
    if (reason) return `${reason} in its expansion ${variant}`;
  }
  return undefined;
}

/** POSIX-normalise a safe workspace path or glob (`./a//b/../c/` → `a/c`); backslashes (glob escapes) are kept. */
export function normaliseWorkspacePath(path: string): string {
  const normalised = posix.normalize(path);
  return normalised.length > 1 && normalised.endsWith('/') ? normalised.slice(0, -1) : normalised;
}
