export * from './gateway.js';
export * from './supergraph.js';
export type { GatewayContext } from './context.js';
