/** Configuration: one schema for nx.json plugin options and nx-tickets.json. */
export * from './config-schema.js';
export * from './read-config.js';
export * from './read-json-file.js';
export * from './to-planning-options.js';
