/** The local ticket source: Markdown files with YAML front matter. */
export * from './local-ticket-source.js';
export * from './parse-ticket-file.js';
export * from './front-matter-schema.js';
export * from './split-front-matter.js';
export * from './check-ticket-links.js';
