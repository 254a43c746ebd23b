import type {
  StaffResolvers,
  StudentNameTagResolvers,
  StudentResolvers,
  TeacherResolvers,
} from '../generated/resolvers-types.js';
import { fullName, nameTag } from './full-name.js';

export const studentResolvers: StudentResolvers = {
  __resolveReference: ({ id }, { directory }) => directory.student(id),
  fullName: (student) => fullName(student),
  user: ({ userId }, _args, { directory }) => (userId ? directory.user(userId) : null),
  guardians: ({ id }, _args, { directory }) => directory.guardianLinksOfStudent(id),
};

export const studentNameTagResolvers: StudentNameTagResolvers = {
  __resolveReference: ({ id }, { directory }) => directory.studentNameTag(id),
  displayName: (student) => nameTag(student),
};

export const teacherResolvers: TeacherResolvers = {
  __resolveReference: ({ id }, { directory }) => directory.teacher(id),
  fullName: (teacher) => fullName(teacher),
  user: ({ userId }, _args, { directory }) => (userId ? directory.user(userId) : null),
};

export const staffResolvers: StaffResolvers = {
  __resolveReference: ({ id }, { directory }) => directory.staffMember(id),
  fullName: (staff) => fullName(staff),
  user: ({ userId }, _args, { directory }) => (userId ? directory.user(userId) : null),
};
