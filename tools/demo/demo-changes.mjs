// The prepared change of each demo ticket, applied by the demo workspace's implement command
// (`node tools/implement-ticket.mjs`, see IMPLEMENT_SCRIPT). Each edit either writes a whole file,
// replaces one exact piece of text, or sets one value in a JSON file — so a ticket applies on top of
// the tickets merged before it, as a person's change would.

const lines = (...text) => `${text.join('\n')}\n`;

/** @type {Record<string, Array<{ file: string, write?: string, find?: string, replace?: string, json?: { path: string[], value: unknown } }>>} */
export const DEMO_CHANGES = {
  'DEMO-1': [
    {
      file: 'libs/avatar/src/upload.js',
      write: lines(
        '/** Check an uploaded picture before it is stored. @param {{ type: string, size: number }} file */',
        'export function validateUpload(file) {',
        "  if (!['image/png', 'image/jpeg'].includes(file.type)) return 'only PNG and JPEG pictures';",
        "  if (file.size > 2 * 1024 * 1024) return 'pictures up to 2 MB';",
        '  return undefined;',
        '}',
      ),
    },
    {
      file: 'libs/avatar/src/upload.test.js',
      write: lines(
        "import assert from 'node:assert/strict';",
        "import test from 'node:test';",
        "import { validateUpload } from './upload.js';",
        '',
        "test('validateUpload accepts small PNG and JPEG pictures only', () => {",
        "  assert.equal(validateUpload({ type: 'image/png', size: 1000 }), undefined);",
        "  assert.equal(validateUpload({ type: 'image/gif', size: 1000 }), 'only PNG and JPEG pictures');",
        "  assert.equal(validateUpload({ type: 'image/jpeg', size: 3e6 }), 'pictures up to 2 MB');",
        '});',
      ),
    },
    { file: 'libs/avatar/src/index.js', find: '/** Initials shown', replace: "export { validateUpload } from './upload.js';\n\n/** Initials shown" },
    { file: 'apps/web/src/profile.js', find: "${button('Edit')}", replace: "${button('Edit')}${button('Upload picture')}" },
    { file: 'apps/web/src/profile.test.js', find: '<button class="btn">Edit</button>', replace: '<button class="btn">Edit</button><button class="btn">Upload picture</button>' },
  ],
  'DEMO-2': [
    {
      file: 'libs/auth/src/redirect.js',
      write: lines(
        '/** Whether `path` stays on this site: one leading slash, no scheme, no backslash. @param {string} path */',
        "export const isSafePath = (path) => path.startsWith('/') && !path.startsWith('//') && !path.includes('\\\\') && !/^\\/[a-z]+:/i.test(path);",
        '',
        '/** Where to go after login: the requested path when it is on this site, or home. @param {string | undefined} next */',
        'export function redirectAfterLogin(next) {',
        "  return next !== undefined && isSafePath(next) ? next : '/';",
        '}',
      ),
    },
    {
      file: 'libs/auth/src/redirect.test.js',
      write: lines(
        "import assert from 'node:assert/strict';",
        "import test from 'node:test';",
        "import { redirectAfterLogin } from './redirect.js';",
        '',
        "test('redirectAfterLogin stays on the site', () => {",
        "  assert.equal(redirectAfterLogin('/settings'), '/settings');",
        "  assert.equal(redirectAfterLogin('https://evil.example'), '/');",
        "  assert.equal(redirectAfterLogin('//evil.example'), '/');",
        "  assert.equal(redirectAfterLogin(undefined), '/');",
        '});',
      ),
    },
  ],
  'DEMO-3': [
    {
      file: 'apps/web/src/header.js',
      write: lines(
        "import { initials } from '@demo/avatar';",
        '',
        '/** The page header with the user\'s initials. @param {{ name: string }} user */',
        'export function renderHeader(user) {',
        '  return `<header><span class="badge">${initials(user.name)}</span></header>`;',
        '}',
      ),
    },
    { file: 'apps/web/src/profile.js', find: "import { button } from '@demo/ui';", replace: "import { button } from '@demo/ui';\nimport { renderHeader } from './header.js';" },
    { file: 'apps/web/src/profile.js', find: 'return `<h1>', replace: 'return `${renderHeader(user)}<h1>' },
    { file: 'apps/web/src/profile.test.js', find: "'<h1>AL Ada Lovelace</h1>", replace: "'<header><span class=\"badge\">AL</span></header><h1>AL Ada Lovelace</h1>" },
  ],
  'DEMO-4': [
    {
      file: 'libs/auth/src/session.js',
      write: lines(
        "import { isSafePath } from './redirect.js';",
        '',
        '/** Remember the last page for the next login, only when it is on this site. @param {Map<string, string>} session @param {string} path */',
        'export function rememberPage(session, path) {',
        "  if (isSafePath(path)) session.set('lastPage', path);",
        "  return session.get('lastPage') ?? '/';",
        '}',
      ),
    },
    {
      file: 'libs/auth/src/session.test.js',
      write: lines(
        "import assert from 'node:assert/strict';",
        "import test from 'node:test';",
        "import { rememberPage } from './session.js';",
        '',
        "test('rememberPage keeps the last safe page', () => {",
        '  const session = new Map();',
        "  assert.equal(rememberPage(session, '/reports'), '/reports');",
        "  assert.equal(rememberPage(session, 'https://evil.example'), '/reports');",
        '});',
      ),
    },
    { file: 'libs/auth/src/index.js', find: "export { redirectAfterLogin } from './redirect.js';", replace: "export { redirectAfterLogin } from './redirect.js';\nexport { rememberPage } from './session.js';" },
  ],
  'DEMO-5': [
    {
      file: 'libs/ui/src/date.js',
      write: lines(
        '/** A date as the UI shows it: 29 Nov 2026. @param {Date} date */',
        'export function formatDate(date) {',
        "  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(date);",
        '}',
      ),
    },
    {
      file: 'libs/ui/src/date.test.js',
      write: lines(
        "import assert from 'node:assert/strict';",
        "import test from 'node:test';",
        "import { formatDate } from './date.js';",
        '',
        "test('formatDate writes day, short month and year', () => {",
        "  assert.equal(formatDate(new Date(Date.UTC(2026, 10, 29))), '29 Nov 2026');",
        '});',
      ),
    },
    { file: 'libs/ui/src/index.js', find: "export { theme } from './theme.js';", replace: "export { theme } from './theme.js';\nexport { formatDate } from './date.js';" },
    { file: 'libs/ui/package.json', json: { path: ['version'], value: '0.1.0' } },
    { file: 'package-lock.json', json: { path: ['packages', 'libs/ui', 'version'], value: '0.1.0' } },
  ],
  'DEMO-6': [
    {
      file: 'apps/web-e2e/src/profile.test.js',
      write: lines(
        "import assert from 'node:assert/strict';",
        "import test from 'node:test';",
        "import { renderProfile } from '../../web/src/profile.js';",
        '',
        "test('the profile page names the user', () => {",
        "  assert.match(renderProfile({ name: 'Grace Hopper' }), /Grace Hopper/);",
        '});',
      ),
    },
    { file: 'apps/web-e2e/package.json', json: { path: ['version'], value: '0.1.0' } },
    { file: 'package-lock.json', json: { path: ['packages', 'apps/web-e2e', 'version'], value: '0.1.0' } },
  ],
};

/**
 * The demo workspace's implement command (`node tools/implement-ticket.mjs`): applies the change of
 * the ticket named by `TICKET_KEY` from `tools/demo-changes.json`. Fails (exit 1) when an edit does
 * not apply, as a real implement step would.
 */
export const IMPLEMENT_SCRIPT = lines(
  "import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';",
  "import { dirname } from 'node:path';",
  '',
  "const key = process.env.TICKET_KEY;",
  "const changes = JSON.parse(readFileSync(new URL('./demo-changes.json', import.meta.url), 'utf8'))[key];",
  "if (!changes) { console.error(`no prepared change for ${key}`); process.exit(1); }",
  "console.log(`implementing ${key}: ${process.env.TICKET_TITLE} (${changes.length} edits)`);",
  'for (const edit of changes) {',
  '  mkdirSync(dirname(edit.file), { recursive: true });',
  '  if (edit.write !== undefined) writeFileSync(edit.file, edit.write);',
  '  else if (edit.json) {',
  "    const data = JSON.parse(readFileSync(edit.file, 'utf8'));",
  '    let at = data;',
  '    for (const part of edit.json.path.slice(0, -1)) at = at[part];',
  '    at[edit.json.path.at(-1)] = edit.json.value;',
  "    writeFileSync(edit.file, `${JSON.stringify(data, null, 2)}\\n`);",
  '  } else {',
  "    const text = readFileSync(edit.file, 'utf8');",
  "    if (!text.includes(edit.find)) { console.error(`${edit.file}: text to replace not found: ${edit.find}`); process.exit(1); }",
  '    writeFileSync(edit.file, text.replace(edit.find, edit.replace));',
  '  }',
  '  console.log(`  ${edit.file}`);',
  '}',
);
