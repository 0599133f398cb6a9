// Create the demo Nx workspace in a temp folder: its files, a node_modules made of links (the
// toolchain of this repository plus the workspace's own packages, as `npm install` would link
// them), and its own git history. Reusable by later demos and benchmarks.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_PROJECTS, DEMO_TICKETS, workspaceFiles } from './demo-files.mjs';

/** This repository's root (two folders above this file). */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Run git in `cwd` with a fixed configuration (no gpg, hooks or pager); returns stdout. */
export function git(cwd, args) {
  return execFileSync('git', ['-c', 'core.hooksPath=/dev/null', '-c', 'commit.gpgsign=false', ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_CONFIG_NOSYSTEM: '1' },
  });
}

/** Write `files` (workspace-relative path → text) under `root`. */
export function writeFiles(root, files) {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

/** Stage everything and commit. */
export function commitAll(root, message) {
  git(root, ['add', '-A']);
  git(root, ['commit', '-q', '-m', message]);
}

function linkNodeModules(root) {
  const source = join(REPO_ROOT, 'node_modules');
  if (!existsSync(join(source, 'nx', 'package.json'))) throw new Error(`no nx in ${source}; run npm ci first`);
  const target = join(root, 'node_modules');
  mkdirSync(join(target, '@demo'), { recursive: true });
  for (const entry of readdirSync(source)) {
    if (entry !== '@demo') symlinkSync(join(source, entry), join(target, entry));
  }
  for (const project of DEMO_PROJECTS) {
    symlinkSync(relative(join(target, '@demo'), join(root, project.root)), join(target, '@demo', project.name), 'dir');
  }
}

/**
 * Create the demo workspace (without tickets and without nx-tickets) in a new temp folder, on
 * branch `main` with one commit. `cleanup()` removes it.
 *
 * @param {{ parent?: string }} [options] folder to create it in (default: the OS temp folder).
 * @returns {{ root: string, cleanup: () => void }}
 */
export function createDemoWorkspace(options = {}) {
  const base = realpathSync(mkdtempSync(join(options.parent ?? tmpdir(), 'nx-tickets-demo-')));
  const root = join(base, 'workspace');
  mkdirSync(root);
  git(root, ['init', '-q', '-b', 'main']);
  for (const [key, value] of [['user.name', 'nx-tickets demo'], ['user.email', 'demo@nx-tickets.invalid'], ['gc.auto', '0']]) {
    git(root, ['config', key, value]);
  }
  writeFiles(root, workspaceFiles());
  linkNodeModules(root);
  commitAll(root, 'Create the demo workspace');
  return { root, cleanup: () => rmSync(base, { recursive: true, force: true }) };
}

/** Add the demo tickets to `tickets/` and commit them. */
export function addDemoTickets(root) {
  writeFiles(root, DEMO_TICKETS);
  commitAll(root, 'Add the demo tickets');
}

/**
 * Configure the installed plugin for the demo run: the implement command applies each ticket's
 * prepared change (`tools/implement-ticket.mjs` + `tools/demo-changes.json`), verification runs the
 * projects' `test` targets. Commits the result.
 *
 * @param {string} root
 * @param {{ changes: object, script: string, maxThreads?: number }} demo
 */
export function configureDemoRun(root, demo) {
  const nxJsonPath = join(root, 'nx.json');
  const nxJson = JSON.parse(readFileSync(nxJsonPath, 'utf8'));
  const entry = nxJson.plugins.find((plugin) => plugin === 'nx-tickets' || plugin.plugin === 'nx-tickets');
  const options = { ...(typeof entry === 'string' ? {} : entry.options) };
  options.implement = { command: ['node', 'tools/implement-ticket.mjs'], timeoutMinutes: 5 };
  options.verify = { targets: ['test'] };
  options.parallel_execution = { max_threads: demo.maxThreads ?? 3 };
  nxJson.plugins = nxJson.plugins.map((plugin) => (plugin === entry ? { plugin: 'nx-tickets', options } : plugin));
  writeFiles(root, {
    'nx.json': `${JSON.stringify(nxJson, null, 2)}\n`,
    'tools/implement-ticket.mjs': demo.script,
    'tools/demo-changes.json': `${JSON.stringify(demo.changes, null, 2)}\n`,
  });
  commitAll(root, 'Configure nx-tickets for the demo run');
}
