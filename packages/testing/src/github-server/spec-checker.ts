import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { OpenAPIBackend, type Context, type Document } from 'openapi-backend';

const require = createRequire(import.meta.url);

/** One request the spec does not allow: an unknown route or an invalid parameter or body. */
export interface SpecViolation {
  method: string;
  path: string;
  /** The operation matched (`pulls/create`), when the route exists. */
  operation: string | undefined;
  /** What is wrong, one line per problem (ajv messages with their instance path). */
  problems: string[];
}

/** A request routed and checked against the api.github.com description. */
export type SpecCheck =
  | { ok: true; operation: string; params: Record<string, string>; query: Record<string, unknown>; body: unknown }
  | { ok: false; violation: SpecViolation; status: 400 | 404 };

/** Reads and checks requests against the GitHub REST description. */
export interface SpecChecker {
  /** Route `method path?query` and validate its parameters and JSON body. Never throws for bad input. */
  check(request: { method: string; path: string; query: Record<string, string>; headers: Record<string, string>; body: unknown }): Promise<SpecCheck>;
}

let loaded: Promise<SpecChecker> | undefined;

/**
 * The checker for `@octokit/openapi`'s `generated/api.github.com.json` (GitHub's own OpenAPI 3.0
 * description of api.github.com), loaded once per process. Validators are compiled lazily, per
 * operation on its first request (openapi-backend's `quick` mode), so startup stays well under a second.
 */
export function loadSpecChecker(): Promise<SpecChecker> {
  loaded ??= createChecker();
  return loaded;
}

async function createChecker(): Promise<SpecChecker> {
  const file = require.resolve('@octokit/openapi/generated/api.github.com.json');
  const definition = JSON.parse(await readFile(file, 'utf8')) as Document;
  const api = new OpenAPIBackend({
    definition,
    quick: true,
    strict: false,
    validate: true,
    coerceTypes: true,
    // GitHub's custom formats: accepted, as GitHub documents them but defines no pattern.
    customizeAjv: (ajv: import('ajv').default) => ajv.addFormat('repo.nwo', true),
  });
  const violation = (c: Context, status: 400 | 404, problems: string[]): SpecCheck => ({
    ok: false,
    status,
    violation: { method: c.request.method.toUpperCase(), path: c.request.path, operation: c.operation?.operationId, problems },
  });
  api.register({
    notFound: (c: Context) => violation(c, 404, ['no such route in the api.github.com description']),
    notImplemented: (c: Context): SpecCheck => ({
      ok: true,
      operation: c.operation?.operationId as string,
      params: c.request.params as Record<string, string>,
      query: c.request.query as Record<string, unknown>,
      body: c.request.requestBody,
    }),
    validationFail: (c: Context) => violation(c, 400, (c.validation.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? e.keyword}`)),
  });
  await api.init();
  // The router flattens all ~1,100 operations of the description on every lookup (several per
  // request); the definition never changes here, so flatten once.
  const operations = api.router.getOperations();
  api.router.getOperations = () => operations;
  return {
    check: async (request) => (await api.handleRequest({ ...request, method: request.method.toLowerCase() })) as SpecCheck,
  };
}
