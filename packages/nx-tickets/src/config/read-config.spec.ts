import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFiles } from '@nx-tickets/testing';
import { afterEach, describe, expect, test } from 'vitest';
import { readConfig } from './read-config.js';

const roots: string[] = [];
async function workspace(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'nx-tickets-config-'));
  roots.push(root);
  await writeFiles(root, files);
  return root;
}
const nxJson = (options: unknown, extra: object = {}): string =>
  JSON.stringify({ ...extra, plugins: ['@nx/js', { plugin: 'nx-tickets', options }] });
async function failure(root: string): Promise<{ code: string; message: string; exitCode: number }> {
  return readConfig(root).then(
    () => expect.unreachable('readConfig resolved'),
    (error: { code: string; message: string; exitCode: number }) => error,
  );
}

afterEach(async () => {
  await Promise.all(roots.splice(0).map((root) => rm(root, { recursive: true, force: true })));
});

describe('readConfig', () => {
  test('fills every default when nothing is configured', async () => {
    const { config, origin, warnings } = await readConfig(await workspace({ 'nx.json': '{}' }));
    expect(origin).toBe('defaults');
    expect(warnings).toEqual([]);
    expect(config).toMatchInlineSnapshot(`
      {
        "baseBranch": "main",
        "estimates": {
          "default": "2h",
          "hoursPerDay": 8,
        },
        "host": {
          "type": "local",
        },
        "implement": {
          "timeoutMinutes": 60,
        },
        "merge": {
          "strategy": "rebase",
        },
        "parallel_execution": {
          "auto_coordinate": true,
          "conflict_resolution": "automatic",
          "enabled": true,
          "max_threads": 3,
          "progress_updates": 30,
          "resource_limits": {},
        },
        "resources": {},
        "retries": {
          "backoffSeconds": 2,
          "infrastructure": 2,
        },
        "sharedFiles": [],
        "source": {
          "dir": "tickets",
          "type": "local",
        },
        "sprints": [],
        "targetName": "run-tickets",
        "unknownFootprint": "serialize",
        "verify": {
          "cache": "shared",
          "targets": [
            "lint",
            "test",
            "build",
          ],
          "timeoutMinutes": 30,
        },
      }
    `);
  });

  test('reads the parallel_execution block as users write it', async () => {
    const root = await workspace({
      'nx.json': nxJson({
        parallel_execution: {
          enabled: true,
          max_threads: 5,
          auto_coordinate: false,
          conflict_resolution: 'strict',
          progress_updates: '2m',
          resource_limits: { max_cpu_percent: 80, max_ram_gb: 8, max_disk_io: 'moderate' },
        },
        resources: { database: 1 },
      }),
    });
    const { config, origin } = await readConfig(root);
    expect(origin).toBe('nx.json plugins[nx-tickets].options');
    expect(config.parallel_execution).toEqual({
      enabled: true,
      max_threads: 5,
      auto_coordinate: false,
      conflict_resolution: 'strict',
      progress_updates: 120,
      resource_limits: { max_cpu_percent: 80, max_ram_gb: 8, max_disk_io: 'moderate' },
    });
    expect(config.resources).toEqual({ database: 1 });
  });

  test('uses nx.json defaultBase as the base branch unless baseBranch is set', async () => {
    expect((await readConfig(await workspace({ 'nx.json': '{ "defaultBase": "develop" }' }))).config.baseBranch).toBe('develop');
    const root = await workspace({ 'nx.json': nxJson({ baseBranch: 'trunk' }, { defaultBase: 'develop' }) });
    expect((await readConfig(root)).config.baseBranch).toBe('trunk');
  });

  test('prefers the nx.json plugin options over nx-tickets.json and warns about the ignored file', async () => {
    const root = await workspace({
      'nx.json': nxJson({ unknownFootprint: 'parallel' }),
      'nx-tickets.json': JSON.stringify({ unknownFootprint: 'serialize' }),
    });
    const { config, warnings } = await readConfig(root);
    expect(config.unknownFootprint).toBe('parallel');
    expect(warnings).toEqual([
      { where: 'nx-tickets.json', message: 'ignored because nx.json plugins[nx-tickets].options is set; move its keys there and delete nx-tickets.json' },
    ]);
  });

  test('reads nx-tickets.json when the plugin is registered without options', async () => {
    const root = await workspace({
      'nx.json': JSON.stringify({ plugins: ['nx-tickets'] }),
      'nx-tickets.json': '{ "$schema": "./node_modules/nx-tickets/config-schema.json", "source": { "dir": "work/tickets" } }',
    });
    const { config, origin } = await readConfig(root);
    expect(origin).toBe('nx-tickets.json');
    expect(config.source).toEqual({ type: 'local', dir: 'work/tickets' });
  });

  test('reports unknown keys as warnings with their full path and keeps the rest', async () => {
    const root = await workspace({ 'nx.json': nxJson({ paralel_execution: {}, parallel_execution: { max_thread: 4 }, sprints: [{ name: 'S1', goal: 'x' }] }) });
    const { config, warnings } = await readConfig(root);
    expect(config.parallel_execution.max_threads).toBe(3);
    expect(warnings.map((w) => `${w.where}: ${w.message}`)).toEqual([
      'nx.json plugins[nx-tickets].options.parallel_execution.max_thread: unknown key (ignored)',
      'nx.json plugins[nx-tickets].options.sprints[0].goal: unknown key (ignored)',
      'nx.json plugins[nx-tickets].options.paralel_execution: unknown key (ignored)',
    ]);
  });

  test('reads a jira source and trims the host', async () => {
    const root = await workspace({ 'nx-tickets.json': JSON.stringify({ source: { type: 'jira', host: 'https://example.atlassian.net/', project: 'PROJ', board: 7, componentProjects: { 'Web UI': 'web' }, doneStatus: 'Shipped' } }) });
    const { config, warnings } = await readConfig(root);
    expect(config.source).toEqual({ type: 'jira', host: 'https://example.atlassian.net', project: 'PROJ', board: 7, componentProjects: { 'Web UI': 'web' }, doneStatus: 'Shipped' });
    expect(warnings).toEqual([]);
  });

  test('names every bad key of a jira source', async () => {
    const root = await workspace({ 'nx-tickets.json': JSON.stringify({ source: { type: 'jira', host: 'ftp://x', project: 'proj', board: 0, apiToken: 'x' } }) });
    await expect(readConfig(root)).rejects.toThrowErrorMatchingInlineSnapshot(`
      [ValidationError: Invalid nx-tickets configuration in nx-tickets.json:
        - nx-tickets.json source.host: expected an http(s) URL like "https://your-site.atlassian.net"
        - nx-tickets.json source.project: expected a Jira project key like "PROJ"
        - nx-tickets.json source.board: expected a positive integer]
    `);
  });

  test('checks the github host and source settings and fills in their defaults', async () => {
    const root = await workspace({
      'nx-tickets.json': JSON.stringify({ source: { type: 'github', labelProjects: { 'area/web': 'web' }, sprintField: 1 }, host: { type: 'github', owner: 'acme', mergeMethod: 'squash', checksTimeout: '10m' } }),
    });
    const { config, warnings } = await readConfig(root);
    expect(config.host).toEqual({ type: 'github', owner: 'acme', remote: 'origin', draft: false, labels: [], reviewers: true, updateBranch: 'rebase', waitChecks: false, checksTimeout: 600, mergeMethod: 'squash' });
    expect(config.source).toEqual({ type: 'github', labelProjects: { 'area/web': 'web' }, estimateLabelPrefix: 'estimate:', commentOnFailure: true });
    expect(warnings.map((w) => w.message)).toEqual(['unknown key (ignored)']);
    const bad = await workspace({ 'nx-tickets.json': JSON.stringify({ host: { type: 'github', baseUrl: 'ftp://x', mergeMethod: 'fast-forward', updateBranch: 'merge', owner: 'a b' } }) });
    expect((await failure(bad)).message).toMatchInlineSnapshot(`
      "Invalid nx-tickets configuration in nx-tickets.json:
        - nx-tickets.json host.owner: expected a GitHub owner or repository name
        - nx-tickets.json host.baseUrl: expected an http(s) URL like "https://github.example.com/api/v3"
        - nx-tickets.json host.updateBranch: expected one of "rebase", "api"
        - nx-tickets.json host.mergeMethod: expected one of "merge", "squash", "rebase""
    `);
  });

  test('throws one ValidationError naming the exact path of every bad key', async () => {
    const root = await workspace({
      'nx.json': nxJson({
        source: { type: 'trello', dir: 'x' },
        baseBranch: '--upload-pack=evil',
        parallel_execution: {
          enabled: 'yes',
          max_threads: 0,
          auto_coordinate: 1,
          conflict_resolution: 'sometimes',
          progress_updates: 'often',
          resource_limits: { max_cpu_percent: 150, max_ram_gb: -1, max_disk_io: 'lots' },
        },
        resources: { database: 1.5 },
        sharedFiles: ['../outside/**', '/etc/passwd'],
        unknownFootprint: 'ignore',
        estimates: { default: 'soon', hoursPerDay: 30 },
        sprints: [{ name: '', start: '2025-13-01', end: '2025-01-01' }, { name: 'S2', start: '2025-02-10', end: '2025-02-01' }],
        implement: { command: 'node implement.mjs', timeoutMinutes: 0 },
        verify: { targets: 'test', cache: 'none' },
        host: { type: 'gitlab' },
        merge: { strategy: 'squash' },
        targetName: 'run tickets',
      }),
    });
    const error = await failure(root);
    expect(error.code).toBe('NX_TICKETS_INVALID_INPUT');
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatchInlineSnapshot(`
      "Invalid nx-tickets configuration in nx.json plugins[nx-tickets].options:
        - nx.json plugins[nx-tickets].options.source.type: expected type "local", "jira" or "github"
        - nx.json plugins[nx-tickets].options.baseBranch: expected a branch name (no spaces, no leading "-", no "..")
        - nx.json plugins[nx-tickets].options.parallel_execution.enabled: expected true or false
        - nx.json plugins[nx-tickets].options.parallel_execution.max_threads: expected a positive integer
        - nx.json plugins[nx-tickets].options.parallel_execution.auto_coordinate: expected true or false
        - nx.json plugins[nx-tickets].options.parallel_execution.conflict_resolution: expected one of "automatic", "strict"
        - nx.json plugins[nx-tickets].options.parallel_execution.progress_updates: expected a duration like "30s" or a number of seconds
        - nx.json plugins[nx-tickets].options.parallel_execution.resource_limits.max_cpu_percent: expected a percentage between 1 and 100
        - nx.json plugins[nx-tickets].options.parallel_execution.resource_limits.max_ram_gb: expected a positive number
        - nx.json plugins[nx-tickets].options.parallel_execution.resource_limits.max_disk_io: expected MB/s as a positive number or one of "low", "medium", "moderate", "high", "unlimited"
        - nx.json plugins[nx-tickets].options.resources.database: expected a positive integer
        - nx.json plugins[nx-tickets].options.sharedFiles[0]: "../outside/**" leaves the workspace (\`..\`); use a workspace-relative path
        - nx.json plugins[nx-tickets].options.sharedFiles[1]: "/etc/passwd" is absolute; use a workspace-relative path
        - nx.json plugins[nx-tickets].options.unknownFootprint: expected one of "serialize", "parallel"
        - nx.json plugins[nx-tickets].options.estimates.default: expected an estimate like "2h", "90m" or "1d"
        - nx.json plugins[nx-tickets].options.estimates.hoursPerDay: expected at most 24
        - nx.json plugins[nx-tickets].options.sprints[0].name: expected a non-empty string
        - nx.json plugins[nx-tickets].options.sprints[0].start: expected a date as YYYY-MM-DD
        - nx.json plugins[nx-tickets].options.sprints[1].end: end is before start
        - nx.json plugins[nx-tickets].options.implement.command: expected a command as a list of arguments, e.g. ["node", "tools/implement.mjs"]
        - nx.json plugins[nx-tickets].options.implement.timeoutMinutes: expected a positive number
        - nx.json plugins[nx-tickets].options.verify.targets: expected a list of target names
        - nx.json plugins[nx-tickets].options.verify.cache: expected one of "shared", "isolated"
        - nx.json plugins[nx-tickets].options.host.type: expected type "local" or "github"
        - nx.json plugins[nx-tickets].options.merge.strategy: expected one of "rebase", "merge"
        - nx.json plugins[nx-tickets].options.targetName: expected a target name like "run-tickets""
    `);
  });

  test('names the file of a source folder that leaves the workspace', async () => {
    const error = await failure(await workspace({ 'nx-tickets.json': JSON.stringify({ source: { dir: '../tickets' } }) }));
    expect(error.message).toMatchInlineSnapshot(`
      "Invalid nx-tickets configuration in nx-tickets.json:
        - nx-tickets.json source.dir: "../tickets" leaves the workspace (\`..\`); use a workspace-relative path"
    `);
  });

  test('reports malformed nx.json as a sentence naming the file, line and column', async () => {
    const error = await failure(await workspace({ 'nx.json': '{\n  "plugins": [\n    "nx-tickets",\n  ]\n  "defaultBase": "main"\n}\n' }));
    expect({ code: error.code, exitCode: error.exitCode, message: error.message }).toMatchInlineSnapshot(`
      {
        "code": "NX_TICKETS_INVALID_CONFIG",
        "exitCode": 2,
        "message": "nx.json is not valid JSON: CommaExpected at line 5, column 3.",
      }
    `);
  });

  test('reports malformed nx-tickets.json as a sentence naming the file', async () => {
    const error = await failure(await workspace({ 'nx-tickets.json': '{ "source": ' }));
    expect(error.message).toMatchInlineSnapshot(`"nx-tickets.json is not valid JSON: ValueExpected at line 1, column 13."`);
  });

  test('accepts comments and trailing commas in nx.json like Nx does', async () => {
    const root = await workspace({ 'nx.json': '{\n  // base\n  "defaultBase": "dev",\n  "plugins": [{ "plugin": "nx-tickets", "options": { "targetName": "tickets", }, },],\n}\n' });
    const { config } = await readConfig(root);
    expect([config.baseBranch, config.targetName]).toEqual(['dev', 'tickets']);
  });
});
