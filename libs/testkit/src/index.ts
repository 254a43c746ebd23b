export * from './stack.js';
export * from './school.js';
