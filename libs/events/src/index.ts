export * from './catalog.js';
export * from './bus.js';
