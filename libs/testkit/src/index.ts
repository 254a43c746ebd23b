export * from './stack.js';
export * from './school.js';
export * from './auth.js';
export * from './generated/operations/index.js';
export * from './tenancy.js';
export * from './s3-server.js';
export * from './processes.js';
export * from './must.js';
