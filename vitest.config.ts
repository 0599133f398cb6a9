import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const STRESS = 'e2e/nx-tickets-e2e/src/resume/kill-resume.spec.ts';

const src = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** @actions/workflow-parser ships source maps to sources it does not ship: load it without them (no warning per file). */
const withoutWorkflowParserSourceMaps = {
  name: 'without-workflow-parser-source-maps',
  load(id: string) {
    return id.includes('/@actions/workflow-parser/dist/') && id.endsWith('.js') ? readFileSync(id, 'utf8').replace(/^\/\/# sourceMappingURL=.*$/m, '') : undefined;
  },
};

/** Unit projects read sibling packages from source, so `npm run test:fast` needs no build. */
const alias = [
  { find: '@nx-tickets/core', replacement: src('./packages/core/src/index.ts') },
  { find: /^@nx-tickets\/testing\/vitest$/, replacement: src('./packages/testing/src/vitest.ts') },
  { find: /^@nx-tickets\/testing$/, replacement: src('./packages/testing/src/index.ts') },
];

export default defineConfig({
  test: {
    projects: [
      { resolve: { alias }, test: { name: 'core', include: ['packages/core/src/**/*.spec.ts'] } },
      {
        resolve: { alias },
        plugins: [withoutWorkflowParserSourceMaps],
        test: {
          name: 'nx-tickets',
          include: ['packages/nx-tickets/src/**/*.spec.ts', 'packages/testing/src/**/*.spec.ts'],
          testTimeout: 30_000,
          // @actions/workflow-parser imports its JSON schema without `with { type: 'json' }`, which
          // Node refuses (actions/languageservices#387): let Vite load it instead of Node.
          server: { deps: { inline: ['@actions/workflow-parser'] } },
        },
      },
      {
        test: { name: 'e2e', include: ['e2e/nx-tickets-e2e/src/**/*.spec.ts'], exclude: [STRESS], testTimeout: 180_000, hookTimeout: 180_000, fileParallelism: false },
      },
      {
        // The kill -9 trials (22 by default; KILL_TRIALS, KILL_SEED): part of `npm test`, and alone
        // with `npm run test:stress`.
        test: { name: 'stress', include: [STRESS], testTimeout: 600_000, hookTimeout: 180_000, fileParallelism: false },
      },
    ],
  },
});
