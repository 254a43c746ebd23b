import type { Resolvers } from '../generated/resolvers-types.js';
import { feeStructureResolvers } from './fee-structure.js';
import { queryResolvers } from './query.js';

export const resolvers: Resolvers = {
  Query: queryResolvers,
  FeeStructure: feeStructureResolvers,
};
