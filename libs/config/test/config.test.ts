import { describe, expect, it } from 'vitest';
import { ConfigError, jwksUrl, parseConfig, subgraphUrl, withDatabaseName } from '../src/index.js';

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

  it('serves as the app role and migrates as the admin, on the same database by default', () => {
    const cfg = parseConfig({});
    expect(cfg.DATABASE_URL).toBe('postgresql://schools24_app@127.0.0.1:5432/schools24');
    expect(cfg.DATABASE_ADMIN_URL).toBe('postgresql://postgres@127.0.0.1:5432/schools24');
    // Unset, the admin URL follows DATABASE_URL's server and database, as user postgres.
    const app = 'postgresql://schools24_app:secret@db:6432/prod?sslmode=require';
    expect(parseConfig({ DATABASE_URL: app }).DATABASE_ADMIN_URL).toBe(
      'postgresql://postgres@db:6432/prod?sslmode=require',
    );
    const admin = 'postgresql://owner:pw@db:5432/prod';
    expect(parseConfig({ DATABASE_URL: app, DATABASE_ADMIN_URL: admin }).DATABASE_ADMIN_URL).toBe(admin);
    expect(() => parseConfig({ DATABASE_ADMIN_URL: 'mysql://x' })).toThrow(/DATABASE_ADMIN_URL/);
  });

  it('swaps a database name without touching credentials', () => {
    expect(withDatabaseName('postgresql://u:p@db:5432/app?sslmode=require', 'app_test')).toBe(
      'postgresql://u:p@db:5432/app_test?sslmode=require',
    );
  });

  it('reads signing keys as a JSON array of private Ed25519 JWKs with distinct kids', () => {
    const key = { kty: 'OKP', crv: 'Ed25519', kid: 'k1', x: 'x'.repeat(43), d: 'd'.repeat(43) };
    expect(parseConfig({ AUTH_SIGNING_KEYS: JSON.stringify([key]) }).AUTH_SIGNING_KEYS).toEqual([key]);
    expect(parseConfig({ AUTH_SIGNING_KEYS: '' }).AUTH_SIGNING_KEYS).toBeUndefined();
    expect(() => parseConfig({ AUTH_SIGNING_KEYS: 'not json' })).toThrow(/AUTH_SIGNING_KEYS/);
    expect(() => parseConfig({ AUTH_SIGNING_KEYS: JSON.stringify([key, key]) })).toThrow(/own kid/);
    // A public key alone cannot sign.
    expect(() => parseConfig({ AUTH_SIGNING_KEYS: JSON.stringify([{ ...key, d: undefined }]) })).toThrow(
      /AUTH_SIGNING_KEYS/,
    );
  });

  it("finds identity's JWKS next to its GraphQL URL unless told otherwise", () => {
    expect(jwksUrl(parseConfig({}))).toBe('http://127.0.0.1:4001/.well-known/jwks.json');
    expect(jwksUrl(parseConfig({ IDENTITY_URL: 'http://identity:4001/graphql' }))).toBe(
      'http://identity:4001/.well-known/jwks.json',
    );
    expect(jwksUrl(parseConfig({ AUTH_JWKS_URL: 'https://id.example/keys' }))).toBe(
      'https://id.example/keys',
    );
  });
});
