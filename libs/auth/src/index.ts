export * from './viewer.js';
export * from './keys.js';
export * from './tokens.js';
export * from './revocation.js';
export * from './password.js';
export * from './semaphore.js';
export * from './secrets.js';
