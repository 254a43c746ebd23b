export * from './object-store.js';
export * from './keys.js';
