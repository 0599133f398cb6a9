import { parseEstimate, PRIORITIES, STATUSES, TICKET_KEY_PATTERN } from '@nx-tickets/core';
import { z } from 'zod';
import { describeUnsafePath, normaliseWorkspacePath } from '../../validation/describe-unsafe-path.js';

const KEY_MESSAGE = 'expected a ticket key like PROJ-123 or #42';
const text = z.string({ error: 'expected text' }).trim().min(1, { error: 'expected non-empty text' });
const key = z.string({ error: KEY_MESSAGE }).trim().regex(TICKET_KEY_PATTERN, { error: KEY_MESSAGE });
/** A list, or one item written without brackets (`dependsOn: PROJ-1`). */
const list = <T extends z.ZodType>(item: T) =>
  z.preprocess((value) => (value === null || value === undefined ? [] : Array.isArray(value) ? value : [value]), z.array(item));
const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `expected one of ${values.join(', ')}` });

const workspaceGlob = text.transform((value, ctx) => {
  const reason = describeUnsafePath(value);
  if (!reason) return normaliseWorkspacePath(value);
  ctx.addIssue({ code: 'custom', message: `${JSON.stringify(value)} ${reason}; paths must stay inside the workspace` });
  return z.NEVER;
});

/**
 * The YAML front matter of a local ticket file (`tickets/<KEY>.md`). Strict: unknown fields are
 * reported (warnings) and dropped. `title` may be omitted when the body starts with a `# heading`.
 * `estimate` is kept as written (`90m`, `2h`, `1d`, a number of hours) and validated here; it is
 * converted to minutes with the configured working day by the source.
 */
export const frontMatterSchema = z.strictObject({
  key,
  title: text.optional(),
  type: z
    .string({ error: 'expected a word like feature, bug, docs, chore or epic' })
    .trim()
    .toLowerCase()
    .regex(/^[a-z][a-z0-9-]*$/, { error: 'expected a word like feature, bug, docs, chore or epic' })
    .default('task'),
  status: oneOf(STATUSES).default('ready'),
  priority: oneOf(PRIORITIES).default('medium'),
  points: z.number({ error: 'expected a number' }).nonnegative({ error: 'expected a number ≥ 0' }).optional(),
  estimate: z
    .union([z.string(), z.number()], { error: 'expected an estimate like 90m, 2h, 1h30m or 1d' })
    .refine((value) => parseEstimate(value) !== undefined, { error: 'expected an estimate like 90m, 2h, 1h30m or 1d' })
    .optional(),
  epic: key.optional(),
  sprint: z.union([text, z.number().transform(String)], { error: 'expected a sprint name' }).optional(),
  dependsOn: list(key).default([]),
  files: list(workspaceGlob).default([]),
  projects: list(text).default([]),
  resources: z
    .record(text, z.int({ error: 'expected a positive integer' }).positive({ error: 'expected a positive integer' }), { error: 'expected a map like { database: 1 }' })
    .default({}),
  command: z.array(text, { error: 'expected a command as a list of arguments, e.g. [node, tools/fix.mjs]' }).min(1, { error: 'expected at least the program name' }).optional(),
  assignee: text.optional(),
  memoryMb: z.int({ error: 'expected a positive integer (MiB)' }).positive({ error: 'expected a positive integer (MiB)' }).optional(),
});

/** A validated front matter. */
export type FrontMatter = z.output<typeof frontMatterSchema>;
