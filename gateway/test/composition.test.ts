import { describe, expect, it } from 'vitest';
import { buildSchema } from 'graphql';
import { composeSupergraph, staleSchemaFiles } from '../src/supergraph.js';

describe('the checked-in supergraph', () => {
  const composed = composeSupergraph();

  it('matches a fresh composition of the subgraphs (run `npm run schema:compose` if not)', () => {
    expect(staleSchemaFiles(composed)).toEqual([]);
  });

  it('describes every public type, field, argument and enum value', () => {
    const schema = buildSchema(composed.apiSdl);
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__')) continue;
      if (!type.description) missing.push(type.name);
      if ('getFields' in type) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) missing.push(`${type.name}.${field.name}`);
          for (const arg of 'args' in field ? field.args : []) {
            if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
          }
        }
      }
      if ('getValues' in type) {
        for (const value of type.getValues())
          if (!value.description) missing.push(`${type.name}.${value.name}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
