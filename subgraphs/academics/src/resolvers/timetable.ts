import type {
  BellPeriodResolvers,
  LessonResolvers,
  MutationResolvers,
  QueryResolvers,
  StudentDayResolvers,
  SubstitutionResolvers,
  TeacherDayResolvers,
  TimetableEntryResolvers,
} from '../generated/resolvers-types.js';
import { clockOf } from '../services/timetable-rules.js';
import { required } from './required.js';

export const timetableQueryResolvers: QueryResolvers = {
  bellSchedule: (_parent, _args, { timetable }) => timetable.bellSchedule(),
  rooms: (_parent, args, { timetable }) => timetable.rooms(args),
  sectionWeek: (_parent, { sectionId, termId }, { timetable }) => timetable.sectionWeek(sectionId, termId),
  teacherDay: (_parent, { teacherId, date }, { timetable }) => timetable.teacherDay(teacherId, date),
  studentDay: (_parent, { studentId, date }, { timetable }) => timetable.studentDay(studentId, date),
};

export const timetableMutationResolvers: MutationResolvers = {
  setBellSchedule: (_parent, { input }, { timetable }) => timetable.setBellSchedule(input),
  createRoom: (_parent, { input }, { timetable }) => timetable.createRoom(input),
  deleteRoom: (_parent, { input }, { timetable }) => timetable.deleteRoom(input),
  createTimetableEntry: (_parent, { input }, { timetable }) => timetable.createTimetableEntry(input),
  deleteTimetableEntry: (_parent, { input }, { timetable }) => timetable.deleteTimetableEntry(input),
  createSubstitution: (_parent, { input }, { timetable }) => timetable.createSubstitution(input),
  deleteSubstitution: (_parent, { input }, { timetable }) => timetable.deleteSubstitution(input),
};

export const bellPeriodResolvers: BellPeriodResolvers = {
  startsAt: ({ startMinute }) => clockOf(startMinute),
  endsAt: ({ endMinute }) => clockOf(endMinute),
};

export const timetableEntryResolvers: TimetableEntryResolvers = {
  academicYear: ({ academicYearId }, _args, { calendar }) =>
    required(calendar.academicYear(academicYearId), 'academic year'),
  term: ({ termId }, _args, { calendar }) => (termId ? calendar.term(termId) : null),
  section: ({ sectionId }, _args, { structure }) => required(structure.section(sectionId), 'section'),
  subject: ({ subjectId }, _args, { structure }) => required(structure.subject(subjectId), 'subject'),
  teacher: ({ teacherId }) => ({ id: teacherId }),
  room: ({ roomId }, _args, { timetable }) => timetable.room(roomId),
};

export const substitutionResolvers: SubstitutionResolvers = {
  entry: ({ entryId }, _args, { timetable }) => required(timetable.entry(entryId), 'timetable entry'),
  substitute: ({ substituteTeacherId }) => ({ id: substituteTeacherId }),
};

export const lessonResolvers: LessonResolvers = {
  teacher: ({ teacherId }) => ({ id: teacherId }),
};

export const teacherDayResolvers: TeacherDayResolvers = {
  teacher: ({ teacherId }) => ({ id: teacherId }),
};

export const studentDayResolvers: StudentDayResolvers = {
  student: ({ studentId }) => ({ id: studentId }),
};
