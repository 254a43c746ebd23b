import type {
  AttendanceCodeCountResolvers,
  AttendanceCorrectionResolvers,
  AttendanceMarkResolvers,
  AttendanceSessionResolvers,
  MutationResolvers,
  QueryResolvers,
  StudentAttendanceResolvers,
} from '../generated/resolvers-types.js';
import { required } from './required.js';

export const attendanceQueryResolvers: QueryResolvers = {
  attendanceCodes: (_parent, _args, { attendance }) => attendance.codes(),
  attendanceSession: (_parent, { sectionId, date, periodNumber }, { attendance }) =>
    attendance.attendanceSession(sectionId, date, periodNumber),
  studentAttendance: (_parent, { studentId, from, to, daily }, { attendance }) =>
    attendance.studentAttendance(studentId, from, to, daily),
  sectionAttendance: (_parent, { sectionId, from, to, daily }, { attendance }) =>
    attendance.sectionAttendance(sectionId, from, to, daily),
};

export const attendanceMutationResolvers: MutationResolvers = {
  markAttendance: (_parent, { input }, { attendance }) => attendance.mark(input),
  correctAttendance: (_parent, { input }, { attendance }) => attendance.correct(input),
  createAttendanceCode: (_parent, { input }, { attendance }) => attendance.createCode(input),
};

export const attendanceMarkResolvers: AttendanceMarkResolvers = {
  student: ({ studentId }) => ({ id: studentId }),
  code: ({ codeId }, _args, { attendance }) => required(attendance.code(codeId), 'attendance code'),
  corrections: ({ id, status }, _args, { attendance }) =>
    status === 'STORED' ? attendance.corrections(id) : [],
};

export const attendanceCorrectionResolvers: AttendanceCorrectionResolvers = {
  from: ({ fromCodeId }, _args, { attendance }) => (fromCodeId ? attendance.code(fromCodeId) : null),
  to: ({ toCodeId }, _args, { attendance }) => required(attendance.code(toCodeId), 'attendance code'),
};

export const attendanceSessionResolvers: AttendanceSessionResolvers = {
  unmarked: ({ unmarkedStudentIds }) => unmarkedStudentIds.map((id) => ({ id })),
};

export const attendanceCodeCountResolvers: AttendanceCodeCountResolvers = {
  code: ({ codeId }, _args, { attendance }) => required(attendance.code(codeId), 'attendance code'),
};

export const studentAttendanceResolvers: StudentAttendanceResolvers = {
  student: ({ studentId }) => ({ id: studentId }),
};
