import type { QueryResolvers } from '../generated/resolvers-types.js';

export const queryResolvers: QueryResolvers = {
  school: (_parent, _args, { schoolId, directory }) => (schoolId ? directory.currentSchool() : null),
  user: (_parent, { id }, { directory }) => directory.lookUpUser(id),
  student: (_parent, { id }, { directory }) => directory.student(id),
  students: (_parent, args, { directory }) => directory.students(args),
  teacher: (_parent, { id }, { directory }) => directory.teacher(id),
  teachers: (_parent, args, { directory }) => directory.teachers(args),
  staffMembers: (_parent, args, { directory }) => directory.staffMembers(args),
  guardian: (_parent, { id }, { directory }) => directory.guardian(id),
};
