import { createTempNxWorkspace, type TempGitRepo } from '@nx-tickets/testing';

const ticket = (fields: Record<string, unknown>, body = 'Nothing in this text names a path.'): string =>
  `---\n${Object.entries(fields).map(([name, value]) => `${name}: ${JSON.stringify(value)}`).join('\n')}\n---\n${body}\n`;

/**
 * Tickets covering every overlap kind, written so each pair shows one main relation:
 * file (F-1/F-2), shared-file (S-1/S-2), project (P-1/P-2), dependency (D-1/D-2, implicit
 * dependency web-e2e → web), link (L-2 depends on L-1), predicted paths (N-1 glob / N-2 new file),
 * an unknown footprint (U-1), an existing ticket branch (B-1) and a dependency cycle (C-1/C-2).
 */
export const E2E_TICKETS: Record<string, string> = {
  'tickets/F-1.md': ticket({ key: 'F-1', title: 'Resize avatar uploads', type: 'feature', status: 'ready', priority: 'high', estimate: '2h', files: ['libs/avatar/src/upload.ts'] }),
  'tickets/F-2.md': ticket({ key: 'F-2', title: 'Limit avatar upload size', type: 'bug', status: 'ready', priority: 'medium', estimate: '1h', files: ['libs/avatar/src/upload.ts'] }),
  'tickets/S-1.md': ticket({ key: 'S-1', title: 'Bump the billing SDK', type: 'chore', status: 'ready', priority: 'high', estimate: '30m', files: ['package-lock.json', 'libs/billing/package.json'] }),
  'tickets/S-2.md': ticket({ key: 'S-2', title: 'Bump the search SDK', type: 'chore', status: 'ready', priority: 'low', estimate: '30m', files: ['package-lock.json', 'libs/search/package.json'] }),
  'tickets/P-1.md': ticket({ key: 'P-1', title: 'Throttle login attempts', type: 'feature', status: 'ready', priority: 'medium', estimate: '1h', files: ['libs/auth/src/login.ts'] }),
  'tickets/P-2.md': ticket({ key: 'P-2', title: 'Expire idle sessions', type: 'feature', status: 'ready', priority: 'medium', estimate: '1h', files: ['libs/auth/src/session.ts'] }),
  'tickets/D-1.md': ticket({ key: 'D-1', title: 'Refactor the app shell', type: 'chore', status: 'ready', priority: 'medium', estimate: '1h', files: ['apps/web/src/app.ts'] }),
  'tickets/D-2.md': ticket({ key: 'D-2', title: 'Add a smoke test', type: 'chore', status: 'ready', priority: 'medium', estimate: '1h', files: ['apps/web-e2e/src/smoke.ts'] }),
  'tickets/L-1.md': ticket({ key: 'L-1', title: 'Add invoices', type: 'feature', status: 'ready', priority: 'medium', estimate: '1h', files: ['libs/billing/src/invoice.ts'] }),
  'tickets/L-2.md': ticket({ key: 'L-2', title: 'Search invoices', type: 'feature', status: 'ready', priority: 'medium', estimate: '1h', dependsOn: ['L-1'], files: ['libs/search/src/query.ts'] }),
  'tickets/N-1.md': ticket({ key: 'N-1', title: 'Mail templates', type: 'feature', status: 'ready', priority: 'medium', estimate: '1h', files: ['libs/mail/templates/**'] }),
  'tickets/N-2.md': ticket({ key: 'N-2', title: 'Welcome mail', type: 'feature', status: 'ready', priority: 'medium', estimate: '1h', files: ['libs/mail/templates/welcome.html'] }),
  'tickets/U-1.md': ticket({ key: 'U-1', title: 'Make everything faster', type: 'chore', status: 'ready', priority: 'low', estimate: '1h' }),
  'tickets/B-1.md': ticket({ key: 'B-1', title: 'Dark theme', type: 'feature', status: 'in-progress', priority: 'medium', estimate: '1h' }),
  'tickets/C-1.md': ticket({ key: 'C-1', title: 'Chicken', type: 'chore', status: 'ready', priority: 'medium', dependsOn: ['C-2'], files: ['libs/mail/src/chicken.ts'] }),
  'tickets/C-2.md': ticket({ key: 'C-2', title: 'Egg', type: 'chore', status: 'ready', priority: 'medium', dependsOn: ['C-1'], files: ['libs/mail/src/egg.ts'] }),
};

/** Keys planned together by the e2e tests (every ticket but the cycle). */
export const E2E_KEYS = ['F-1', 'F-2', 'S-1', 'S-2', 'P-1', 'P-2', 'D-1', 'D-2', 'L-1', 'L-2', 'N-1', 'N-2', 'U-1', 'B-1'];

const CODEOWNERS = ['* @acme/core', 'libs/auth/ @acme/security', 'libs/avatar/ @acme/profile', '/libs/avatar/src/upload.ts @alice', ''].join('\n');

/**
 * A real Nx workspace (apps web, web-e2e; libs avatar, auth, ui, billing, search, mail; web depends
 * on avatar, auth and ui, web-e2e implicitly on web) with the nx-tickets plugin registered,
 * `.github/CODEOWNERS`, a lockfile, the tickets above, and a branch `feature/B-1-dark-theme` that
 * changes `libs/ui/src/theme.ts`.
 */
export async function createE2eWorkspace(): Promise<TempGitRepo> {
  const source = (name: string) => ({ [`src/${name}.ts`]: `export const ${name.replace(/\W/g, '_')} = 1;\n` });
  const repo = await createTempNxWorkspace({
    projects: [
      { name: 'web', root: 'apps/web', dependsOn: ['avatar', 'auth', 'ui'], files: source('app') },
      { name: 'web-e2e', root: 'apps/web-e2e', implicitDependencies: ['web'], files: source('smoke') },
      { name: 'avatar', root: 'libs/avatar', files: source('upload') },
      { name: 'auth', root: 'libs/auth', files: { ...source('login'), ...source('session') } },
      { name: 'ui', root: 'libs/ui', files: source('theme') },
      { name: 'billing', root: 'libs/billing', files: source('invoice') },
      { name: 'search', root: 'libs/search', files: source('query') },
      { name: 'mail', root: 'libs/mail', config: 'project-json' },
    ],
    nxJson: { plugins: [{ plugin: 'nx-tickets', options: { source: { type: 'local', dir: 'tickets' } } }] },
    files: { '.github/CODEOWNERS': CODEOWNERS, 'package-lock.json': '{ "lockfileVersion": 3, "requires": true, "packages": {} }\n', ...E2E_TICKETS },
  });
  await repo.branch('feature/B-1-dark-theme', { 'libs/ui/src/theme.ts': 'export const theme = "dark";\n' });
  return repo;
}
