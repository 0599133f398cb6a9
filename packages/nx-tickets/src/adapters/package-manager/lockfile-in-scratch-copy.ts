import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Never mirrored: installs and repositories, which the scratch copy must not share. */
const LEFT_OUT = new Set(['node_modules', '.git']);

/**
 * Rewrite the lockfile `lockfile` of the workspace `folder` with a package manager that can only do
 * so by installing (yarn 1): `argv` runs in a scratch copy of the folder, and only the lockfile it
 * writes is copied back. In the copy, the root and each folder holding one of `manifests` (the
 * workspace packages) are real folders with copies of their package.json and the lockfile; every
 * other entry is a link to the original (sources, `file:` packages, `.yarnrc`, `.npmrc`), and no
 * `node_modules` or `.git` is mirrored. So the install writes node_modules only into the copy: the
 * folder's own node_modules — in a worktree, links to the main checkout's — are never touched.
 * The copy is removed afterwards, whatever happened.
 *
 * @param manifests package.json paths relative to `folder` (POSIX, e.g. `libs/a/package.json`).
 * @param lockfile the lockfile's name in `folder` (`yarn.lock`).
 * @throws the `execFile` error (with `stderr`) when `argv` fails; fs errors.
 */
export async function writeLockfileInScratchCopy(folder: string, manifests: readonly string[], lockfile: string, argv: readonly string[], options: { env: Record<string, string | undefined>; timeoutMs: number }): Promise<void> {
  const scratch = await mkdtemp(join(tmpdir(), 'nx-tickets-lockfile-'));
  try {
    const copies = new Set([...manifests, lockfile]);
    const real = new Set(['']);
    for (const manifest of manifests) for (let dir = posix.dirname(manifest); dir !== '.' && dir !== ''; dir = posix.dirname(dir)) real.add(dir);
    for (const dir of real) {
      await mkdir(join(scratch, dir), { recursive: true });
      for (const entry of await readdir(join(folder, dir))) {
        const path = dir === '' ? entry : `${dir}/${entry}`;
        if (LEFT_OUT.has(entry) || real.has(path)) continue;
        if (copies.has(path)) await copyFile(join(folder, path), join(scratch, path));
        else await symlink(join(folder, path), join(scratch, path));
      }
    }
    const [program, ...args] = argv;
    await run(program as string, args, { cwd: scratch, env: options.env as NodeJS.ProcessEnv, timeout: options.timeoutMs, maxBuffer: 64 * 1024 * 1024 });
    await mkdir(dirname(join(folder, lockfile)), { recursive: true });
    await copyFile(join(scratch, lockfile), join(folder, lockfile));
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
