/** Nx adapter: the only folder that imports @nx/devkit. Project graph and CODEOWNERS. */
export * from './read-project-graph.js';
export * from './map-project-graph.js';
export * from './read-codeowners.js';
export * from './parse-codeowners.js';
export * from './summarise-graph-failure.js';
