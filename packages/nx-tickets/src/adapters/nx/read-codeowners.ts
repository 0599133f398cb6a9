import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CodeownersRule } from '@nx-tickets/core';
import { parseCodeowners } from './parse-codeowners.js';

/** Where GitHub looks for CODEOWNERS, in its order: the first file found is the only one used. */
export const CODEOWNERS_LOCATIONS = ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS'] as const;

/**
 * Read the workspace's CODEOWNERS rules (first of {@link CODEOWNERS_LOCATIONS}) in file order.
 *
 * @returns the rules in file order; `[]` when there is no CODEOWNERS file.
 * @throws when a CODEOWNERS file exists but cannot be read (other than not existing).
 */
export async function readCodeowners(root: string): Promise<CodeownersRule[]> {
  for (const file of CODEOWNERS_LOCATIONS) {
    try {
      return parseCodeowners(await readFile(join(root, file), 'utf8'));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR' && code !== 'EISDIR') throw error;
    }
  }
  return [];
}
