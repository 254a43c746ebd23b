export * from './stack.js';
export * from './school.js';
export * from './auth.js';
export * from './generated/operations/index.js';
export * from './tenancy.js';
export {
  startS3Server,
  type S3TestServer,
  type S3TestServerOptions,
  type StoredTestObject,
} from '@schools24/test-servers';
export * from './processes.js';
export * from './must.js';
