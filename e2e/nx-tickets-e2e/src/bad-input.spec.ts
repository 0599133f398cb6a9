import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { TempGitRepo } from '@nx-tickets/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createE2eWorkspace } from './e2e-workspace.js';
import { runNxTickets, type CommandResult } from './run-command.js';

let workspace: TempGitRepo;

beforeAll(async () => {
  workspace = await createE2eWorkspace();
});
afterAll(() => workspace?.cleanup());

/** Plan `keys` with extra ticket files present, then remove them again. */
async function planWith(files: Record<string, string>, args: string[]): Promise<CommandResult> {
  for (const [path, text] of Object.entries(files)) await workspace.write(path, text);
  try {
    return await runNxTickets(workspace.root, ['plan', ...args]);
  } finally {
    for (const path of Object.keys(files)) await rm(join(workspace.root, path), { force: true });
  }
}

const front = (lines: string[]): string => `---\n${lines.join('\n')}\n---\nBody.\n`;

describe('nx-tickets plan with bad input', () => {
  test('exits 2 naming an unknown key', async () => {
    const result = await planWith({}, ['F-1', 'NOPE-9']);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('NOPE-9');
    expect(result.stderr).toMatch(/^error: /);
  });

  test('exits 2 naming the tickets of a dependency cycle', async () => {
    const result = await planWith({}, ['C-1', '--with-dependencies']);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('dependency cycle: C-1 → C-2 → C-1');
  });

  test('exits 2 naming both files of a duplicate key', async () => {
    const result = await planWith({ 'tickets/F-1-copy.md': front(['key: F-1', 'title: Copy', 'files: [a.ts]']) }, ['F-1']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('tickets/F-1-copy.md');
    expect(result.stderr).toContain('tickets/F-1.md');
    expect(result.stderr).toMatch(/duplicate key F-1/);
  });

  test('exits 2 naming the file with malformed front matter when that ticket is named', async () => {
    const result = await planWith({ 'tickets/BAD-1.md': '---\nkey: BAD-1\ntitle: [unclosed\n---\nBody.\n' }, ['BAD-1', 'F-1']);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('error: Found 1 problem(s) in the tickets:');
    expect(result.stderr).toContain('tickets/BAD-1.md: malformed front matter');
    expect(result.stderr).not.toContain('unknown ticket BAD-1');
  });

  test('exits 2 naming the broken file when a named ticket depends on it', async () => {
    const files = { 'tickets/BAD-1.md': '---\nkey: BAD-1\ntitle: [unclosed\n---\nBody.\n', 'tickets/NEEDS-1.md': front(['key: NEEDS-1', 'title: Needs the broken one', 'dependsOn: [BAD-1]', 'files: [a.ts]']) };
    const result = await planWith(files, ['NEEDS-1']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('tickets/BAD-1.md: malformed front matter');
  });

  test('plans other named tickets with a warning naming a broken ticket file and why', async () => {
    const result = await planWith({ 'tickets/BAD-1.md': '---\nkey: BAD-1\ntitle: [unclosed\n---\nBody.\n', 'tickets/BAD-2.md': front(['key: BAD-2', 'title: Bad estimate', 'estimate: soon']) }, ['F-1']);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain('Analyzing 1 ticket');
    expect(result.stdout + result.stderr).toMatch(/tickets\/BAD-1\.md: malformed front matter.*skipped/);
    expect(result.stdout + result.stderr).toMatch(/tickets\/BAD-2\.md: field estimate: .*skipped/);
  });

  test('lists a broken named ticket and an unknown key in one error', async () => {
    const result = await planWith({ 'tickets/BAD-2.md': front(['key: BAD-2', 'title: Bad estimate', 'estimate: soon']) }, ['BAD-2', 'NOPE-9']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('tickets/BAD-2.md: field estimate');
    expect(result.stderr).toContain('unknown ticket NOPE-9');
  });

  test('exits 2 for a path that leaves the workspace', async () => {
    const result = await planWith({ 'tickets/X-1.md': front(['key: X-1', 'title: Escape', "files: ['../x']"]) }, ['X-1']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('tickets/X-1.md');
    expect(result.stderr).toContain('../x');
  });

  test('exits 2 for an absolute path', async () => {
    const result = await planWith({ 'tickets/X-2.md': front(['key: X-2', 'title: Absolute', 'files: [/etc/passwd]']) }, ['X-2']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('tickets/X-2.md');
    expect(result.stderr).toContain('/etc/passwd');
  });

  test('exits 2 naming an unknown project', async () => {
    const result = await planWith({ 'tickets/X-3.md': front(['key: X-3', 'title: Ghost', 'projects: [ghost]']) }, ['X-3']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('X-3');
    expect(result.stderr).toContain('ghost');
  });

  test('lists an unknown project and an unknown dependsOn of one ticket file in one error', async () => {
    const result = await planWith({ 'tickets/X-4.md': front(['key: X-4', 'title: Two typos', 'projects: [ghost]', 'dependsOn: [NOPE-9]']) }, ['X-4']);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe([
      'error: Found 2 problem(s) in the tickets:',
      '  - tickets/X-4.md: field dependsOn: unknown ticket NOPE-9',
      '  - tickets/X-4.md: field projects: X-4 names unknown Nx project "ghost" (projects: @temp/source, auth, avatar, billing, mail, search, ui, web, …)',
      'hint: Fix the tickets listed above and run the command again: the ticket file format is in the nx-tickets README; project names are those `nx show projects` lists.',
      '',
    ].join('\n'));
  });

  test('exits 2 when keys are combined with --epic', async () => {
    const result = await planWith({}, ['F-1', '--epic', 'E-1']);
    expect(result).toEqual({
      exitCode: 2,
      stdout: '',
      stderr: 'error: Choose one way to select tickets: ticket keys and --epic cannot be combined.\nhint: Pass either ticket keys, --epic, --sprint or --all-ready.\n',
    });
  });

  test('exits 2 outside an Nx workspace', async () => {
    const result = await runNxTickets(workspace.root, ['plan', 'F-1', '--cwd', '/']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('No nx.json found in / or any folder above it.');
  });
});
