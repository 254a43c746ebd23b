export * from './client.js';
export * from './migrate.js';
export * from './generated/prisma/client.js';
export * from './tenant.js';
export * from './ownership.js';
