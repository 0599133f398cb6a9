/** nx-tickets: the Nx plugin and CLI that plans tickets to run in parallel. */
export * from './planning/create-plan.js';
export * from './config/config-schema.js';
export * from './config/read-config.js';
export * from './config/to-planning-options.js';
export * from './adapters/local/local-ticket-source.js';
export { createNodes, createNodesV2 } from './plugins/plugin.js';
