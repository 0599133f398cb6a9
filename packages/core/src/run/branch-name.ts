import slugify from '@sindresorhus/slugify';

/** Longest branch name we create, characters. */
export const MAX_BRANCH_LENGTH = 60;

/**
 * The branch of a ticket: `<type>/<KEY>-<slug>`, e.g. `feature/PROJ-123-add-user-avatar-upload`.
 *
 * Titles are untrusted: the slug keeps only ASCII letters, digits and dashes (transliterated by
 * `@sindresorhus/slugify`), so the name is always valid for `git check-ref-format`, can never be
 * read as an option (it starts with the type) and never leaves `refs/heads`. At most
 * {@link MAX_BRANCH_LENGTH} characters; it always contains the key.
 *
 * @param ticket `key` (`PROJ-123` or `#42`), `type` (falls back to `task`), `title`.
 */
export function branchNameFor(ticket: { key: string; type: string; title: string }): string {
  const type = slugify(ticket.type).slice(0, 20) || 'task';
  const key = ticket.key.startsWith('#') ? `issue-${ticket.key.slice(1)}` : ticket.key.replace(/[^A-Za-z0-9_-]/g, '-');
  const prefix = `${type}/${key}`;
  const room = MAX_BRANCH_LENGTH - prefix.length - 1;
  const slug = room > 0 ? slugify(ticket.title).slice(0, room).replace(/-+$/, '') : '';
  return slug === '' ? prefix : `${prefix}-${slug}`;
}
