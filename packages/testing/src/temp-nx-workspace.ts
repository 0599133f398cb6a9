import { existsSync } from 'node:fs';
import { symlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTempGitRepo, writeFiles, type TempGitRepo } from './temp-git-repo.js';

/** One project of a {@link createTempNxWorkspace} workspace. */
export interface TempNxProject {
  /** Nx project name (also the npm package name). */
  name: string;
  /** Workspace-relative root, e.g. `libs/auth`. */
  root: string;
  /** Workspace projects this one depends on, written as package.json `dependencies` (`"*"`). */
  dependsOn?: string[];
  /** Written as `nx.implicitDependencies` (or `implicitDependencies` in project.json). */
  implicitDependencies?: string[];
  /** `package-json` (default): a package.json with `nx.name`; `project-json`: a project.json too. */
  config?: 'package-json' | 'project-json';
  /** Extra files, relative to the project root. */
  files?: Record<string, string>;
}

/** Options of {@link createTempNxWorkspace}. */
export interface TempNxWorkspaceOptions {
  projects: TempNxProject[];
  /** Extra files, relative to the workspace root (written last, so they may replace generated ones). */
  files?: Record<string, string>;
  /** Merged over the generated nx.json (`defaultBase: main`). */
  nxJson?: Record<string, unknown>;
  /** Also create a bare `origin` (see {@link createTempGitRepo}). */
  bareOrigin?: boolean;
}

/** Find the `node_modules` holding `nx`, walking up from this file (works from `src/` and `dist/`). */
export function findToolchainNodeModules(from: string = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'node_modules', 'nx', 'package.json'))) return join(dir, 'node_modules');
    if (dirname(dir) === dir) throw new Error(`no node_modules with nx above ${from}; run npm ci first`);
  }
}

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

function projectFiles(project: TempNxProject): Record<string, string> {
  const dependencies = Object.fromEntries((project.dependsOn ?? []).map((dep) => [dep, '*']));
  const implicit = project.implicitDependencies ?? [];
  const packageJson = {
    name: project.name,
    version: '0.0.0',
    private: true,
    ...(project.dependsOn?.length ? { dependencies } : {}),
    ...(project.config === 'project-json'
      ? {}
      : { nx: { name: project.name, ...(implicit.length ? { implicitDependencies: implicit } : {}) } }),
  };
  const files: Record<string, string> = {
    [`${project.root}/package.json`]: json(packageJson),
    [`${project.root}/src/index.ts`]: `export const name = '${project.name}';\n`,
  };
  if (project.config === 'project-json') {
    files[`${project.root}/project.json`] = json({
      name: project.name,
      $schema: '../../node_modules/nx/schemas/project-schema.json',
      sourceRoot: `${project.root}/src`,
      ...(implicit.length ? { implicitDependencies: implicit } : {}),
      targets: {},
    });
  }
  for (const [path, text] of Object.entries(project.files ?? {})) files[`${project.root}/${path}`] = text;
  return files;
}

/**
 * Lay out a real Nx workspace the way Nx's generators do — private root package.json with npm
 * workspaces, nx.json, one package.json (or project.json) per project, dependencies as package.json
 * deps between workspace packages — with `node_modules` symlinked to this repository's, so the real
 * `nx` binary and `nx-tickets` resolve; then `git init` and an initial commit.
 *
 * @throws when git fails or no toolchain `node_modules` is found.
 */
export async function createTempNxWorkspace(options: TempNxWorkspaceOptions): Promise<TempGitRepo> {
  const files: Record<string, string> = {
    'package.json': json({
      name: '@temp/source',
      version: '0.0.0',
      private: true,
      workspaces: options.projects.map((project) => project.root),
      devDependencies: { nx: '*' },
    }),
    'nx.json': json({ $schema: './node_modules/nx/schemas/nx-schema.json', defaultBase: 'main', ...options.nxJson }),
    '.gitignore': 'node_modules\ndist\n.nx/cache\n.nx/workspace-data\n.nx/tickets\n',
  };
  for (const project of options.projects) Object.assign(files, projectFiles(project));
  Object.assign(files, options.files);
  const repo = await createTempGitRepo({ files, ...(options.bareOrigin ? { bareOrigin: true } : {}) });
  await symlink(findToolchainNodeModules(), join(repo.root, 'node_modules'), 'dir');
  return repo;
}
