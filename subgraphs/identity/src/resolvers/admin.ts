import type { AuditEventResolvers, MutationResolvers, QueryResolvers } from '../generated/resolvers-types.js';
import { AdminService } from '../services/admin-service.js';

export const adminQueryResolvers: Pick<QueryResolvers, 'auditEvents'> = {
  auditEvents: (_parent, args, { admin }) => admin.auditEvents(args),
};

export const adminMutationResolvers: MutationResolvers = {
  createUser: (_parent, { input }, { admin }) => admin.createUser(input),
  inviteUser: (_parent, { input }, { admin }) => admin.inviteUser(input),
  acceptInvitation: (_parent, { input }, { adminPublic }) =>
    AdminService.acceptInvitation(adminPublic, input),
  disableUser: (_parent, { input }, { admin }) => admin.disableUser(input),
  enableUser: (_parent, { input }, { admin }) => admin.enableUser(input),
  grantRole: (_parent, { input }, { admin }) => admin.grantRole(input),
  revokeRole: (_parent, { input }, { admin }) => admin.revokeRole(input),
  createStudent: (_parent, { input }, { admin }) => admin.createStudent(input),
  updateStudent: (_parent, { input }, { admin }) => admin.updateStudent(input),
  createTeacher: (_parent, { input }, { admin }) => admin.createTeacher(input),
  updateTeacher: (_parent, { input }, { admin }) => admin.updateTeacher(input),
  createStaff: (_parent, { input }, { admin }) => admin.createStaff(input),
  updateStaff: (_parent, { input }, { admin }) => admin.updateStaff(input),
  createGuardian: (_parent, { input }, { admin }) => admin.createGuardian(input),
  updateGuardian: (_parent, { input }, { admin }) => admin.updateGuardian(input),
  linkGuardian: (_parent, { input }, { admin }) => admin.linkGuardian(input),
  updateGuardianLink: (_parent, { input }, { admin }) => admin.updateGuardianLink(input),
  unlinkGuardian: (_parent, { input }, { admin }) => admin.unlinkGuardian(input),
  importStudents: (_parent, { input }, { admin }) => admin.importStudents(input),
};

export const auditEventResolvers: AuditEventResolvers = {
  // Only a user of this school resolves; a platform admin's account lives elsewhere.
  actor: ({ actorUserId, actorSchoolId }, _args, { directory }) =>
    actorUserId && !actorSchoolId ? directory.user(actorUserId) : null,
  isPlatformAdminAction: ({ actorSchoolId }) => actorSchoolId !== null,
  details: ({ details }) => JSON.stringify(details),
};
