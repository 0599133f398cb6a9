#!/usr/bin/env node
// Copy the non-TypeScript assets of a package's src/ into dist/ next to the compiled code:
// executor and generator schema.json (+ schema.d.ts, referenced by the emitted .d.ts files)
// and generator `files/` templates. Run from the package folder after tsc (see its build script).
import { cpSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';

const src = join(process.cwd(), 'src');
const dist = join(process.cwd(), 'dist');
const isSchema = (name) => name === 'schema.json' || name === 'schema.d.ts';

/** Walk `dir`, copying schema files and whole `files/` folders; returns how many were copied. */
function copyAssets(dir) {
  let copied = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const from = join(dir, entry.name);
    const to = join(dist, relative(src, from));
    if (entry.isDirectory() && entry.name === 'files') {
      rmSync(to, { recursive: true, force: true });
      cpSync(from, to, { recursive: true });
      copied += 1;
    } else if (entry.isDirectory()) {
      copied += copyAssets(from);
    } else if (isSchema(entry.name)) {
      cpSync(from, to);
      copied += 1;
    }
  }
  return copied;
}

if (!existsSync(src) || !existsSync(dist)) {
  console.error(`copy-assets: expected src/ and dist/ in ${process.cwd()}; run it from a package folder after tsc.`);
  process.exit(2);
}
console.log(`copy-assets: copied ${copyAssets(src)} schema files and template folders into dist/`);
