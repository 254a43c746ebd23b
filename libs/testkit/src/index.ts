export * from './stack.js';
export * from './school.js';
export * from './operations/index.js';
