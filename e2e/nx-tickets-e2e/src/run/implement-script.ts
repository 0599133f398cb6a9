/**
 * One edit of a ticket's prepared change, applied by {@link IMPLEMENT_SCRIPT} in the ticket's
 * worktree (paths are workspace-relative). The same shapes as tools/demo/demo-changes.mjs, plus a
 * read-only check and a one-time sleep:
 * - `write`: the whole file;
 * - `find`/`replace`: one exact piece of text (the step fails when it is not there);
 * - `json`: set one value in a JSON file (rewritten with two-space indent);
 * - `contains`: fail unless the file holds this text (proves what the worktree started from);
 * - `sleepSeconds` + `marker`: the first time only (the marker is an absolute path outside the
 *   repository, created before sleeping), run `sleep` as a child process — a grandchild of the
 *   runner, in the implement command's process group. With `diesWithSleep`, a `sleep` ended by a
 *   signal ends the script by the same signal, as a program that is itself killed would end.
 */
export type Edit =
  | { file: string; write: string }
  | { file: string; find: string; replace: string }
  | { file: string; json: { path: string[]; value: unknown } }
  | { file: string; contains: string }
  | { sleepSeconds: number; marker: string; diesWithSleep?: boolean };

/** Prepared changes: ticket key → edits, applied in order. */
export type Changes = Record<string, Edit[]>;

/** Where the workspace keeps the implement script and the prepared changes. */
export const IMPLEMENT_SCRIPT_PATH = 'tools/implement-ticket.mjs';
export const CHANGES_PATH = 'tools/ticket-changes.json';

/**
 * The implement command of the test workspaces (`node tools/implement-ticket.mjs`): applies the
 * edits of the ticket named by `TICKET_KEY` from `tools/ticket-changes.json`, in the current folder.
 * Exits 1 when an edit does not apply, as a real implement step would fail.
 */
export const IMPLEMENT_SCRIPT = `import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const key = process.env.TICKET_KEY;
const changes = JSON.parse(readFileSync(new URL('./ticket-changes.json', import.meta.url), 'utf8'))[key];
if (!changes) { console.error('no prepared change for ' + key); process.exit(1); }
console.log('implementing ' + key + ': ' + process.env.TICKET_TITLE);
for (const edit of changes) {
  if (edit.sleepSeconds !== undefined) {
    if (existsSync(edit.marker)) continue;
    writeFileSync(edit.marker, String(process.pid));
    const slept = spawnSync('sleep', [String(edit.sleepSeconds)], { stdio: 'inherit' });
    if (slept.signal && edit.diesWithSleep) process.kill(process.pid, slept.signal);
    continue;
  }
  if (edit.contains !== undefined) {
    const text = existsSync(edit.file) ? readFileSync(edit.file, 'utf8') : '';
    if (!text.includes(edit.contains)) { console.error(edit.file + ' does not contain: ' + edit.contains); process.exit(1); }
    continue;
  }
  mkdirSync(dirname(edit.file), { recursive: true });
  if (edit.write !== undefined) writeFileSync(edit.file, edit.write);
  else if (edit.json) {
    const data = JSON.parse(readFileSync(edit.file, 'utf8'));
    let at = data;
    for (const part of edit.json.path.slice(0, -1)) at = at[part];
    at[edit.json.path.at(-1)] = edit.json.value;
    writeFileSync(edit.file, JSON.stringify(data, null, 2) + '\\n');
  } else {
    const text = readFileSync(edit.file, 'utf8');
    if (!text.includes(edit.find)) { console.error(edit.file + ': text to replace not found: ' + edit.find); process.exit(1); }
    writeFileSync(edit.file, text.replace(edit.find, () => edit.replace));
  }
  console.log('  ' + edit.file);
}
`;
