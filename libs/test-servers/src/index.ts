export * from './redis-server.js';
export * from './tcp-proxy.js';
export * from './ports.js';
export * from './s3-server.js';
