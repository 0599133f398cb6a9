import { createTestGitRepo } from '@nx-tickets/testing/vitest';
import { describe, expect, test } from 'vitest';
import { needsInstall } from './needs-install.js';

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

describe('needsInstall', () => {
  test('installs when a yarn 1, yarn 2+ or bun lockfile changed, text or binary', async () => {
    const git = await createTestGitRepo({ files: { 'package.json': json({ name: 'w', version: '0.0.0' }), 'yarn.lock': '# yarn lockfile v1\n', 'bun.lock': '{}\n', 'bun.lockb': 'bun\u0000' } });
    const base = (await git.git(['rev-parse', 'HEAD'])).trim();
    expect(await needsInstall(git.root, base, [])).toBe(false);
    for (const file of ['yarn.lock', 'bun.lock', 'bun.lockb', 'libs/a/yarn.lock']) expect(await needsInstall(git.root, base, [file])).toBe(true);
  });

  test('keeps the links when package.json changed only a script', async () => {
    const git = await createTestGitRepo({ files: { 'package.json': json({ name: 'w', version: '0.0.0', dependencies: { a: '1.0.0' } }) } });
    const base = (await git.git(['rev-parse', 'HEAD'])).trim();
    await git.write('package.json', json({ name: 'w', version: '0.0.0', dependencies: { a: '1.0.0' }, scripts: { test: 'node --test' } }));
    expect(await needsInstall(git.root, base, ['package.json'])).toBe(false);
    await git.write('package.json', json({ name: 'w', version: '0.0.0', dependencies: { a: '1.0.0', b: 'file:../b' } }));
    expect(await needsInstall(git.root, base, ['package.json'])).toBe(true);
  });

  test('reads npm-shrinkwrap.json as package-lock.json: installs only when an installed package changed', async () => {
    const lock = (version: string, packages: Record<string, unknown>) => json({ name: 'w', version, lockfileVersion: 3, packages: { '': { name: 'w', version }, ...packages } });
    const git = await createTestGitRepo({ files: { 'package.json': json({ name: 'w', version: '0.0.0' }), 'npm-shrinkwrap.json': lock('0.0.0', {}) } });
    const base = (await git.git(['rev-parse', 'HEAD'])).trim();
    await git.write('npm-shrinkwrap.json', lock('0.0.1', {}));
    expect(await needsInstall(git.root, base, ['npm-shrinkwrap.json'])).toBe(false);
    await git.write('npm-shrinkwrap.json', lock('0.0.1', { 'node_modules/a': { version: '1.0.0' } }));
    expect(await needsInstall(git.root, base, ['npm-shrinkwrap.json'])).toBe(true);
  });
});
