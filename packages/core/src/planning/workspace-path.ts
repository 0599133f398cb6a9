/**
 * Whether a path or glob from a ticket stays inside the workspace: relative, POSIX, no `..`
 * segment, no drive letter, no NUL. Ticket text is untrusted; sources reject such paths with a
 * message, and planning ignores any that slip through.
 */
export function isWorkspacePath(path: string): boolean {
  if (path === '' || path.includes('\0')) return false;
  if (path.startsWith('/') || path.startsWith('\\') || /^[A-Za-z]:/.test(path) || path.startsWith('~')) return false;
  return !path.split(/[\\/]/).some((segment) => segment === '..');
}
