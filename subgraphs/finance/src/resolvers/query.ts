import type { QueryResolvers } from '../generated/resolvers-types.js';

export const queryResolvers: QueryResolvers = {
  feeStructures: (_parent, args, { fees }) => fees.feeStructures(args),
  feeStructure: (_parent, { id }, { fees }) => fees.feeStructure(id),
};
