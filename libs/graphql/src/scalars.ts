import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { DateResolver, DateTimeResolver, EmailAddressResolver } from 'graphql-scalars';

const MINOR_UNITS = /^-?\d{1,18}$/;

function parseMinorUnits(value: unknown): bigint {
  if (typeof value === 'string' && MINOR_UNITS.test(value)) return BigInt(value);
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  throw new GraphQLError('MinorUnits must be an integer amount of minor units, e.g. "150000" for ₹1,500.00', {
    extensions: { code: 'BAD_USER_INPUT' },
  });
}

export const MinorUnitsScalar = new GraphQLScalarType<bigint, string>({
  name: 'MinorUnits',
  description: 'Integer amount in currency minor units, serialized as a string of digits.',
  serialize(value) {
    if (typeof value === 'bigint') return value.toString();
    if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
    throw new GraphQLError('MinorUnits cannot represent a non-integer value');
  },
  parseValue: parseMinorUnits,
  parseLiteral(ast) {
    if (ast.kind === Kind.STRING || ast.kind === Kind.INT)
      return parseMinorUnits(ast.kind === Kind.INT ? Number(ast.value) : ast.value);
    throw new GraphQLError('MinorUnits must be a string or integer literal', {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  },
});

/**
 * graphql-scalars' email scalar under the name common.graphql gives it. Apollo copies every property
 * of a scalar resolver onto the schema's type, `name` included: as `EmailAddress` the subgraph
 * introspected `Email` under the wrong name, and any rebuild of the schema (mapSchema) failed.
 */
const EmailScalar = new GraphQLScalarType({ ...EmailAddressResolver.toConfig(), name: 'Email' });

/** Resolvers for the scalars declared in common.graphql; every subgraph spreads them into its resolver map. */
export const scalarResolvers = {
  DateTime: DateTimeResolver,
  Date: DateResolver,
  Email: EmailScalar,
  MinorUnits: MinorUnitsScalar,
};
