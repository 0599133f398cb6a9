import type { z } from 'zod';
import { truncateToWidth } from '@nx-tickets/core';

/** One finding of {@link validateWithSchema}: the path inside the input (`a.b[0]`) and a sentence. */
export interface SchemaIssue {
  /** Dotted path from the input's root, e.g. `parallel_execution.max_threads`, `files[2]`; `` for the root. */
  path: string;
  message: string;
}

/** What {@link validateWithSchema} returns: the value when there are no errors (unknown keys are dropped). */
export interface SchemaResult<T> {
  value: T | undefined;
  errors: SchemaIssue[];
  /** Keys the schema does not know, one issue per key (callers report them as warnings). */
  unknownKeys: SchemaIssue[];
}

type Path = readonly PropertyKey[];

/** `['a', 0, 'b c']` → `a[0]["b c"]`. */
export function formatPath(path: Path): string {
  return path
    .map((part, index) => {
      if (typeof part === 'number') return `[${part}]`;
      const text = String(part);
      if (/^[A-Za-z_$][\w$-]*$/.test(text)) return index === 0 ? text : `.${text}`;
      return `[${JSON.stringify(text)}]`;
    })
    .join('');
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  // At most 40 terminal columns and the ellipsis, never half an emoji or a wide character.
  if (typeof value === 'string') return `"${truncateToWidth(value, 41)}"`;
  return String(value);
}

const ARTICLES: Record<string, string> = { object: 'an object', array: 'a list', string: 'a string', number: 'a number', boolean: 'true or false', int: 'an integer' };

/** Per-parse error map: plain sentences for issues whose schema did not set its own message. */
const errorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${ARTICLES[issue.expected] ?? issue.expected}, got ${describeValue(issue.input)}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${describeValue(issue.input)}`;
    case 'too_small':
      return issue.origin === 'array' ? `expected at least ${String(issue.minimum)} item(s)` : `expected at least ${String(issue.minimum)}`;
    case 'too_big':
      return `expected at most ${String(issue.maximum)}`;
    case 'unrecognized_keys':
      return 'unknown key (ignored)';
    default:
      return undefined;
  }
};

function withoutKeys(input: unknown, unknown: ReadonlyArray<{ path: Path; keys: string[] }>): unknown {
  const copy = structuredClone(input);
  for (const { path, keys } of unknown) {
    let node: unknown = copy;
    for (const part of path) node = node !== null && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[part] : undefined;
    if (node !== null && typeof node === 'object') for (const key of keys) delete (node as Record<string, unknown>)[key];
  }
  return copy;
}

/**
 * Validate plain data (parsed JSON or YAML) with a zod schema built from strict objects, and report
 * every problem at once: errors with their exact path, and unknown keys separately so callers can
 * warn about them. When the only problems are unknown keys, the value is parsed without them.
 */
export function validateWithSchema<S extends z.ZodType>(schema: S, input: unknown): SchemaResult<z.output<S>> {
  const first = schema.safeParse(input, { error: errorMap });
  if (first.success) return { value: first.data, errors: [], unknownKeys: [] };
  const unknown: Array<{ path: Path; keys: string[] }> = [];
  const errors: SchemaIssue[] = [];
  for (const issue of first.error.issues) {
    if (issue.code === 'unrecognized_keys') unknown.push({ path: issue.path, keys: issue.keys });
    else errors.push({ path: formatPath(issue.path), message: issue.message });
  }
  const unknownKeys = unknown.flatMap(({ path, keys }) =>
    keys.map((key) => ({ path: formatPath([...path, key]), message: 'unknown key (ignored)' })),
  );
  if (errors.length > 0) return { value: undefined, errors, unknownKeys };
  const second = schema.safeParse(withoutKeys(input, unknown), { error: errorMap });
  return second.success
    ? { value: second.data, errors: [], unknownKeys }
    : { value: undefined, errors: second.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })), unknownKeys };
}
