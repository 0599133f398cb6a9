import type { PlanningOptions } from '../planning/planning-options.js';
import { DEFAULT_PLANNING_OPTIONS } from '../planning/planning-options.js';
import type { Ticket } from '../tickets/ticket.js';
import type { WorkspaceModel } from '../workspace/workspace-model.js';

/** A ticket with defaults for every field but the key (tests only). */
export function ticket(key: string, fields: Partial<Ticket> = {}): Ticket {
  return {
    key,
    title: `Ticket ${key}`,
    type: 'feature',
    status: 'ready',
    priority: 'medium',
    dependsOn: [],
    files: [],
    projects: [],
    resources: {},
    description: '',
    source: 'local',
    ...fields,
  };
}

/**
 * A small Nx-shaped workspace: web (app) depends on avatar, auth and ui; web-e2e implicitly on
 * web; admin depends on ui. Root files include a lockfile and nx.json.
 */
export function workspace(overrides: Partial<WorkspaceModel> = {}): WorkspaceModel {
  return {
    files: [
      'package.json',
      'package-lock.json',
      'nx.json',
      'tsconfig.base.json',
      'README.md',
      '.github/workflows/ci.yml',
      'apps/web/project.json',
      'apps/web/src/main.ts',
      'apps/web/src/UserProfile.tsx',
      'apps/web/src/config.ts',
      'apps/web-e2e/project.json',
      'apps/web-e2e/src/app.spec.ts',
      'apps/admin/src/main.ts',
      'apps/admin/src/config.ts',
      'libs/avatar/src/avatar-service.ts',
      'libs/avatar/src/index.ts',
      'libs/auth/src/redirect.ts',
      'libs/auth/src/login.ts',
      'libs/ui/src/button.tsx',
      'libs/ui/README.md',
    ],
    projects: [
      { name: 'web', root: 'apps/web' },
      { name: 'web-e2e', root: 'apps/web-e2e' },
      { name: 'admin', root: 'apps/admin' },
      { name: 'avatar', root: 'libs/avatar' },
      { name: 'auth', root: 'libs/auth' },
      { name: 'ui', root: 'libs/ui' },
    ],
    dependencies: { web: ['avatar', 'auth', 'ui'], 'web-e2e': ['web'], admin: ['ui'] },
    codeowners: [],
    branchDiffs: {},
    warnings: [],
    ...overrides,
  };
}

/** Planning options for tests: today fixed, base `main`. */
export function options(overrides: Partial<PlanningOptions> = {}): PlanningOptions {
  return { ...DEFAULT_PLANNING_OPTIONS, base: 'main', today: '2026-11-25', ...overrides };
}
