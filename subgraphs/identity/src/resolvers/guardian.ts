import { DomainError, ErrorCode } from '@schools24/errors';
import type { GuardianLinkResolvers, GuardianResolvers } from '../generated/resolvers-types.js';
import { fullName } from './full-name.js';

export const guardianResolvers: GuardianResolvers = {
  __resolveReference: ({ id }, { directory }) => directory.guardian(id),
  fullName: (guardian) => fullName(guardian),
  user: ({ userId }, _args, { directory }) => (userId ? directory.user(userId) : null),
  children: ({ id }, _args, { directory }) => directory.guardianLinksOfGuardian(id),
};

/** A link's ends exist (foreign keys with cascade); a miss here means the data changed mid-request. */
async function required<T>(value: Promise<T | null>, what: string): Promise<T> {
  const found = await value;
  if (!found) throw new DomainError(ErrorCode.NOT_FOUND, `${what} of this guardian link no longer exists`);
  return found;
}

export const guardianLinkResolvers: GuardianLinkResolvers = {
  student: ({ studentId }, _args, { directory }) => required(directory.student(studentId), 'The student'),
  guardian: ({ guardianId }, _args, { directory }) =>
    required(directory.guardian(guardianId), 'The guardian'),
};
