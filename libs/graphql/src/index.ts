export * from './connection.js';
export * from './context.js';
export * from './http.js';
export * from './resources.js';
export * from './scalars.js';
export * from './sdl.js';
export * from './subgraph.js';
export * from './process.js';
