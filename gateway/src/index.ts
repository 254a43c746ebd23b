export * from './gateway.js';
export * from './supergraph.js';
export type { GatewayContext } from './context.js';
export { SUBGRAPHS } from './subgraphs.js';
export * from './protection.js';
