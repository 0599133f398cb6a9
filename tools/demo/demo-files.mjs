// The demo workspace's contents: an Nx TypeScript-style workspace (apps/ and libs/, one package.json,
// tsconfig.json and src/ per project, npm workspaces) written in JavaScript with JSDoc types so its
// tests run with plain `node --test`, plus a CODEOWNERS file and the demo tickets.

const json = (value) => `${JSON.stringify(value, null, 2)}\n`;

/** The demo's projects: Nx name, folder, workspace dependencies, implicit dependencies. */
export const DEMO_PROJECTS = [
  { name: 'ui', root: 'libs/ui', dependsOn: [] },
  { name: 'auth', root: 'libs/auth', dependsOn: [] },
  { name: 'avatar', root: 'libs/avatar', dependsOn: ['ui'] },
  { name: 'web', root: 'apps/web', dependsOn: ['avatar', 'auth', 'ui'] },
  { name: 'web-e2e', root: 'apps/web-e2e', dependsOn: [], implicitDependencies: ['web'] },
];

const packageName = (name) => `@demo/${name}`;

function projectFiles({ name, root, dependsOn, implicitDependencies }) {
  const depth = root.split('/').length;
  return {
    [`${root}/package.json`]: json({
      name: packageName(name),
      version: '0.0.0',
      private: true,
      type: 'module',
      main: './src/index.js',
      exports: { '.': './src/index.js', './package.json': './package.json' },
      scripts: { test: 'node --test' },
      ...(dependsOn.length ? { dependencies: Object.fromEntries(dependsOn.map((dep) => [packageName(dep), '*'])) } : {}),
      nx: { name, ...(implicitDependencies ? { implicitDependencies } : {}) },
    }),
    [`${root}/tsconfig.json`]: json({ extends: `${'../'.repeat(depth)}tsconfig.base.json`, include: ['src/**/*.js'] }),
  };
}

const sources = {
  'libs/ui/src/index.js': "export { button } from './button.js';\nexport { theme } from './theme.js';\n",
  'libs/ui/src/button.js': [
    "/** Escape text for HTML. @param {string} text */",
    "export const escapeHtml = (text) => text.replace(/[&<>\"']/g, (c) => `&#${c.charCodeAt(0)};`);",
    '',
    '/** A button. @param {string} label @returns {string} */',
    'export function button(label) {',
    '  return `<button class="btn">${escapeHtml(label)}</button>`;',
    '}',
    '',
  ].join('\n'),
  'libs/ui/src/theme.js': "/** Colours of the UI kit. */\nexport const theme = { primary: '#0b5fff', text: '#1b1b1f' };\n",
  'libs/ui/src/button.test.js': [
    "import assert from 'node:assert/strict';",
    "import test from 'node:test';",
    "import { button } from './button.js';",
    '',
    "test('button escapes its label', () => {",
    "  assert.equal(button('<b>Save</b>'), '<button class=\"btn\">&#60;b&#62;Save&#60;/b&#62;</button>');",
    '});',
    '',
  ].join('\n'),
  'libs/auth/src/index.js': "export { login } from './login.js';\nexport { redirectAfterLogin } from './redirect.js';\n",
  'libs/auth/src/login.js': [
    '/** Check credentials against a user list. @param {Record<string, string>} users @param {string} user @param {string} password */',
    'export function login(users, user, password) {',
    '  return Object.hasOwn(users, user) && users[user] === password;',
    '}',
    '',
  ].join('\n'),
  'libs/auth/src/redirect.js': [
    '/** Where to go after login: the requested path, or home. @param {string | undefined} next */',
    'export function redirectAfterLogin(next) {',
    "  return next ?? '/';",
    '}',
    '',
  ].join('\n'),
  'libs/auth/src/login.test.js': [
    "import assert from 'node:assert/strict';",
    "import test from 'node:test';",
    "import { login } from './login.js';",
    '',
    "test('login accepts the right password only', () => {",
    "  assert.equal(login({ ada: 'pw' }, 'ada', 'pw'), true);",
    "  assert.equal(login({ ada: 'pw' }, 'ada', 'nope'), false);",
    "  assert.equal(login({ ada: 'pw' }, 'toString', 'x'), false);",
    '});',
    '',
  ].join('\n'),
  'libs/avatar/src/index.js': [
    '/** Initials shown when a user has no picture. @param {string} name */',
    'export function initials(name) {',
    "  return name.split(/\\s+/).filter(Boolean).map((part) => part[0].toUpperCase()).slice(0, 2).join('');",
    '}',
    '',
  ].join('\n'),
  'libs/avatar/src/index.test.js': [
    "import assert from 'node:assert/strict';",
    "import test from 'node:test';",
    "import { initials } from './index.js';",
    '',
    "test('initials takes the first letters of two words', () => {",
    "  assert.equal(initials('ada  lovelace byron'), 'AL');",
    '});',
    '',
  ].join('\n'),
  'apps/web/src/main.js': "import { renderProfile } from './profile.js';\n\nconsole.log(renderProfile({ name: 'Ada Lovelace' }));\n",
  'apps/web/src/profile.js': [
    "import { initials } from '@demo/avatar';",
    "import { button } from '@demo/ui';",
    '',
    '/** The profile page. @param {{ name: string }} user */',
    'export function renderProfile(user) {',
    "  return `<h1>${initials(user.name)} ${user.name}</h1>${button('Edit')}`;",
    '}',
    '',
  ].join('\n'),
  'apps/web/src/profile.test.js': [
    "import assert from 'node:assert/strict';",
    "import test from 'node:test';",
    "import { renderProfile } from './profile.js';",
    '',
    "test('the profile shows initials, name and an edit button', () => {",
    "  assert.equal(renderProfile({ name: 'Ada Lovelace' }), '<h1>AL Ada Lovelace</h1><button class=\"btn\">Edit</button>');",
    '});',
    '',
  ].join('\n'),
  'apps/web-e2e/src/smoke.test.js': [
    "import assert from 'node:assert/strict';",
    "import { readFile } from 'node:fs/promises';",
    "import test from 'node:test';",
    '',
    "test('the web app has an entry point', async () => {",
    "  assert.match(await readFile(new URL('../../web/src/main.js', import.meta.url), 'utf8'), /renderProfile/);",
    '});',
    '',
  ].join('\n'),
};

/** The workspace without tickets and without nx-tickets: what a team has before installing it. */
export function workspaceFiles() {
  const workspaces = DEMO_PROJECTS.map((project) => project.root);
  const files = {
    'package.json': json({
      name: '@demo/source',
      version: '0.0.0',
      private: true,
      type: 'module',
      workspaces,
      scripts: { test: 'nx run-many -t test' },
    }),
    'package-lock.json': json({
      name: '@demo/source',
      version: '0.0.0',
      lockfileVersion: 3,
      requires: true,
      packages: {
        '': { name: '@demo/source', version: '0.0.0', workspaces },
        ...Object.fromEntries(
          DEMO_PROJECTS.flatMap((project) => [
            [project.root, { name: packageName(project.name), version: '0.0.0', ...(project.dependsOn.length ? { dependencies: Object.fromEntries(project.dependsOn.map((dep) => [packageName(dep), '*'])) } : {}) }],
            [`node_modules/${packageName(project.name)}`, { resolved: project.root, link: true }],
          ]),
        ),
      },
    }),
    'nx.json': json({
      $schema: './node_modules/nx/schemas/nx-schema.json',
      defaultBase: 'main',
      namedInputs: { default: ['{projectRoot}/**/*'], production: ['default', '!{projectRoot}/**/*.test.js'] },
      targetDefaults: { test: { cache: true, inputs: ['default', '^production'] } },
    }),
    'tsconfig.base.json': json({
      compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', allowJs: true, checkJs: true, noEmit: true, strict: true, skipLibCheck: true },
    }),
    '.gitignore': 'node_modules\ndist\n.nx/cache\n.nx/workspace-data\n.nx/tickets\n',
    '.github/CODEOWNERS': '* @demo/maintainers\n/libs/auth/ @demo/security\n/libs/avatar/ @demo/profile\n/apps/web/ @demo/web\n',
    'README.md': '# Demo workspace\n\nCreated by `tools/demo` of nx-tickets.\n',
    ...sources,
  };
  for (const project of DEMO_PROJECTS) Object.assign(files, projectFiles(project));
  return files;
}

const ticket = (front, body) => `---\n${front.join('\n')}\n---\n${body}\n`;

/** The demo tickets: a file conflict (1/3), a dependsOn link (2 → 4) and a shared lockfile change (5/6). */
export const DEMO_TICKETS = {
  'tickets/DEMO-1.md': ticket(
    ['key: DEMO-1', 'title: Add user avatar upload', 'type: feature', 'status: ready', 'priority: high', 'points: 3', 'estimate: 2h', "files: [libs/avatar/src/upload.js, apps/web/src/profile.js]"],
    'Users upload a picture from the profile page; `upload.js` is new in the avatar library.',
  ),
  'tickets/DEMO-2.md': ticket(
    ['key: DEMO-2', 'title: Fix login redirect bug', 'type: bug', 'status: ready', 'priority: highest', 'points: 2', 'estimate: 1h', 'files: [libs/auth/src/redirect.js]'],
    'After login, `redirectAfterLogin` follows any URL, including other sites. Only allow paths on this site.',
  ),
  'tickets/DEMO-3.md': ticket(
    ['key: DEMO-3', 'title: Show the avatar in the page header', 'type: feature', 'status: ready', 'priority: medium', 'points: 2', 'estimate: 90m', 'files: [apps/web/src/profile.js, apps/web/src/header.js]'],
    'Reuse the initials badge in a new header component.',
  ),
  'tickets/DEMO-4.md': ticket(
    ['key: DEMO-4', 'title: Remember the last page across logins', 'type: feature', 'status: ready', 'priority: medium', 'points: 3', 'estimate: 2h', 'dependsOn: [DEMO-2]', 'files: [libs/auth/src/session.js]'],
    'Builds on the redirect fix: store the last safe path in the session.',
  ),
  'tickets/DEMO-5.md': ticket(
    ['key: DEMO-5', 'title: Add date formatting to the UI kit', 'type: chore', 'status: ready', 'priority: low', 'points: 1', 'estimate: 1h', 'files: [libs/ui/package.json, libs/ui/src/date.js, package-lock.json]'],
    'Adds a dependency to the UI kit, so the lockfile changes too.',
  ),
  'tickets/DEMO-6.md': ticket(
    ['key: DEMO-6', 'title: Smoke-test the profile page', 'type: chore', 'status: ready', 'priority: medium', 'points: 1', 'estimate: 1h', 'files: [apps/web-e2e/src/profile.test.js, apps/web-e2e/package.json, package-lock.json]'],
    'Adds a test helper dependency to the e2e project, so the lockfile changes too.',
  ),
};

/** The keys of {@link DEMO_TICKETS}, in order. */
export const DEMO_KEYS = Object.keys(DEMO_TICKETS).map((path) => path.slice('tickets/'.length, -'.md'.length));
