import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import addFormats from 'ajv-formats';
import { OpenAPIBackend, type Document } from 'openapi-backend';

/**
 * The Jira API descriptions the local server checks requests against, committed with this package
 * (`packages/testing/specs/`, copied from Atlassian's published OpenAPI 3.0 files) so a fresh clone
 * has them. `src/jira-server/` and `dist/jira-server/` are both two folders below the package root.
 */
export const JIRA_SPEC_FILES = {
  platform: fileURLToPath(new URL('../../specs/jira-platform.v3.json', import.meta.url)),
  software: fileURLToPath(new URL('../../specs/jira-software.v3.json', import.meta.url)),
} as const;

/**
 * Known mistakes in the published descriptions, corrected after loading. Each names the operation,
 * the parameter and why; nothing else of the specs is changed.
 */
export const JIRA_SPEC_ERRATA: readonly { file: keyof typeof JIRA_SPEC_FILES; path: string; method: string; parameter: string; schema: object; why: string }[] = [
  {
    file: 'software',
    path: '/rest/agile/1.0/board/{boardId}/sprint',
    method: 'get',
    parameter: 'state',
    schema: { type: 'string', pattern: '^(future|active|closed)(,(future|active|closed))*$' },
    why: 'typed as an empty object, while its own description (and Jira) take a comma-separated list: state=active,closed',
  },
];

function applyErrata(file: keyof typeof JIRA_SPEC_FILES, definition: Document): void {
  for (const erratum of JIRA_SPEC_ERRATA.filter((e) => e.file === file)) {
    const operation = (definition.paths?.[erratum.path] as Record<string, { parameters?: { name: string; schema?: object }[] }> | undefined)?.[erratum.method];
    const parameter = operation?.parameters?.find((p) => p.name === erratum.parameter);
    if (!parameter) throw new Error(`Jira spec erratum no longer applies: ${erratum.method.toUpperCase()} ${erratum.path} has no parameter ${erratum.parameter}`);
    parameter.schema = erratum.schema;
  }
}

/** A request as the checker sees it: query values as sent, body parsed as JSON. */
export interface CheckedRequestInput {
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string | string[] | undefined>;
  body?: unknown;
}

/** What {@link JiraSpecChecker.check} found: the operation (if the path is in a spec) and its violations. */
export interface SpecCheck {
  operationId: string | undefined;
  /** Path parameters, e.g. `{ issueIdOrKey: 'WEB-1' }`. */
  params: Record<string, string>;
  /** Empty when the request is valid for its operation. One line per schema error otherwise. */
  errors: string[];
}

/**
 * Checks requests against the platform (`/rest/api/3/…`) and software (`/rest/agile/1.0/…`) specs
 * with `openapi-backend` (routing and ajv validation of path, query, headers and body).
 */
export class JiraSpecChecker {
  private constructor(private readonly platform: OpenAPIBackend, private readonly software: OpenAPIBackend) {}

  /** Load and index both specs (about 0.1 s; validators compile on first use of an operation). */
  static async create(): Promise<JiraSpecChecker> {
    const load = async (file: keyof typeof JIRA_SPEC_FILES): Promise<OpenAPIBackend> => {
      const definition = JSON.parse(readFileSync(JIRA_SPEC_FILES[file], 'utf8')) as Document;
      applyErrata(file, definition);
      const api = new OpenAPIBackend({
        definition,
        quick: true,
        validate: true,
        ajvOpts: { strict: false, logger: false },
        customizeAjv: (ajv) => {
          addFormats.default(ajv);
          // OpenAPI's numeric formats, which JSON Schema formats do not define.
          for (const format of ['int32', 'int64']) ajv.addFormat(format, { type: 'number', validate: Number.isInteger });
          for (const format of ['float', 'double']) ajv.addFormat(format, { type: 'number', validate: () => true });
          return ajv;
        },
      });
      await api.init();
      return api;
    };
    const [platform, software] = await Promise.all([load('platform'), load('software')]);
    return new JiraSpecChecker(platform, software);
  }

  /** Route `request` to its operation and validate it. An unknown path is one error. */
  check(request: CheckedRequestInput): SpecCheck {
    const api = request.path.startsWith('/rest/agile/') ? this.software : this.platform;
    const req = { method: request.method, path: request.path, query: request.query, headers: request.headers as Record<string, string | string[]>, body: request.body };
    const operation = api.router.matchOperation(req);
    if (!operation) return { operationId: undefined, params: {}, errors: [`${request.method} ${request.path} is not an operation of the Jira API`] };
    const parsed = api.router.parseRequest(req, operation);
    const result = api.validator.validateRequest(req, operation);
    const errors = (result.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? 'is invalid'}`);
    return { operationId: operation.operationId, params: parsed.params as Record<string, string>, errors };
  }
}
