import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig, subgraphUrl, withDatabaseName } from '../src/index.js';

describe('runtime', () => {
  it('is Node 22 (installed from npm as a dependency), whatever the system Node is', () => {
    expect(process.versions.node.split('.')[0]).toBe('22');
  });
});

describe('parseConfig', () => {
  it('has working defaults for a laptop', () => {
    const cfg = parseConfig({});
    expect(cfg.GATEWAY_PORT).toBe(4000);
    expect(cfg.TOPOLOGY).toBe('all-in-one');
    expect(subgraphUrl(cfg, 'academics')).toBe('http://127.0.0.1:4002/graphql');
  });

  it('names every bad variable at once', () => {
    let error: unknown;
    try {
      parseConfig({ DATABASE_URL: 'mysql://x', GATEWAY_PORT: '70000', TOPOLOGY: 'mesh' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toMatch(/DATABASE_URL: must start with postgres:\/\/ or postgresql:\/\//);
    expect(message).toMatch(/GATEWAY_PORT/);
    expect(message).toMatch(/TOPOLOGY/);
  });

  it('lets explicit subgraph URLs win over ports', () => {
    const cfg = parseConfig({ IDENTITY_URL: 'http://identity:4001/graphql' });
    expect(subgraphUrl(cfg, 'identity')).toBe('http://identity:4001/graphql');
  });

  it('swaps a database name without touching credentials', () => {
    expect(withDatabaseName('postgresql://u:p@db:5432/app?sslmode=require', 'app_test')).toBe(
      'postgresql://u:p@db:5432/app_test?sslmode=require',
    );
  });
});
