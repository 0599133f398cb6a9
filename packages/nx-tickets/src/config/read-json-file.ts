import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { NxTicketsError } from '@nx-tickets/core';
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`;
}

/**
 * Read a JSON file of the workspace the way Nx does (comments and trailing commas allowed).
 *
 * @param root absolute workspace root.
 * @param file workspace-relative path, e.g. `nx.json`.
 * @returns the parsed value, or `undefined` when the file does not exist.
 * @throws NxTicketsError `NX_TICKETS_INVALID_CONFIG` (exit 2) naming the file, line and column when
 *   the file is not valid JSON, or when it cannot be read.
 */
export async function readJsonFile(root: string, file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(join(root, file), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new NxTicketsError('NX_TICKETS_INVALID_CONFIG', `${file} could not be read: ${(error as Error).message}.`, {
      cause: error,
      hint: `Check the permissions of ${file}, then run the command again.`,
    });
  }
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  const first = errors[0];
  if (first) {
    throw new NxTicketsError(
      'NX_TICKETS_INVALID_CONFIG',
      `${file} is not valid JSON: ${printParseErrorCode(first.error)} at ${lineAndColumn(text, first.offset)}.`,
      { hint: `Fix the JSON syntax in ${file}, then run the command again.` },
    );
  }
  return value;
}
