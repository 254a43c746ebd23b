import type { Resolvers } from '../generated/resolvers-types.js';
import { adminMutationResolvers, adminQueryResolvers, auditEventResolvers } from './admin.js';
import { authMutationResolvers, authQueryResolvers } from './auth.js';
import { guardianResolvers, guardianLinkResolvers } from './guardian.js';
import { queryResolvers } from './query.js';
import { schoolResolvers } from './school.js';
import { staffResolvers, studentNameTagResolvers, studentResolvers, teacherResolvers } from './people.js';
import { userResolvers } from './user.js';

export const resolvers: Resolvers = {
  Query: { ...queryResolvers, ...authQueryResolvers, ...adminQueryResolvers },
  Mutation: { ...authMutationResolvers, ...adminMutationResolvers },
  AuditEvent: auditEventResolvers,
  School: schoolResolvers,
  User: userResolvers,
  Student: studentResolvers,
  StudentNameTag: studentNameTagResolvers,
  Teacher: teacherResolvers,
  Staff: staffResolvers,
  Guardian: guardianResolvers,
  GuardianLink: guardianLinkResolvers,
};
