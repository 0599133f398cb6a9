/**
 * CommonJS source run by `node -e` in a child process whose cwd is the workspace root: it loads the
 * WORKSPACE's own `@nx/devkit` (createRequire from `<root>/package.json`), calls the public
 * `createProjectGraphAsync({ exitOnError: false })`, and sends back `{ ok, nodes, edges }` or
 * `{ ok: false, reason }` over IPC. argv[1] is the root; no value is interpolated into the code.
 */
export const GRAPH_PROCESS_SCRIPT = String.raw`
'use strict';
const { createRequire } = require('node:module');
const { join } = require('node:path');
const root = process.argv[1];
const send = (message) => process.send(message, () => process.exit(0));
const describe = (error) => {
  const nested = error && typeof error.getErrors === 'function' ? error.getErrors() : [];
  return [error, ...nested].map((e) => String((e && e.message) || e)).join('\n');
};
try {
  const devkit = createRequire(join(root, 'package.json'))('@nx/devkit');
  devkit.createProjectGraphAsync({ exitOnError: false }).then(
    (graph) => send({
      ok: true,
      nodes: Object.values(graph.nodes).map((node) => ({ name: node.name, root: node.data.root })),
      edges: Object.fromEntries(Object.entries(graph.dependencies).map(([source, deps]) => [source, deps.map((d) => d.target)])),
    }),
    (error) => send({ ok: false, reason: describe(error) }),
  );
} catch (error) {
  send({ ok: false, reason: describe(error) });
}
`;
