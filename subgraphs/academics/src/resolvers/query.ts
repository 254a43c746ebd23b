import type { QueryResolvers } from '../generated/resolvers-types.js';

export const queryResolvers: QueryResolvers = {
  academicYears: (_parent, _args, { calendar }) => calendar.academicYears(),
  currentAcademicYear: (_parent, _args, { calendar }) => calendar.currentAcademicYear(),
  academicYear: (_parent, { id }, { calendar }) => calendar.academicYear(id),
  term: (_parent, { id }, { calendar }) => calendar.term(id),
  grades: (_parent, _args, { structure }) => structure.grades(),
  grade: (_parent, { id }, { structure }) => structure.grade(id),
  sections: (_parent, args, { structure }) => structure.sections(args),
  section: (_parent, { id }, { structure }) => structure.section(id),
  subjects: (_parent, _args, { structure }) => structure.subjects(),
  subject: (_parent, { id }, { structure }) => structure.subject(id),
  enrolment: (_parent, { id }, { enrolments }) => enrolments.enrolment(id),
  homework: (_parent, { id }, { homework }) => homework.homework(id),
  homeworkSubmissions: (_parent, { homeworkId, ...page }, { submissions }) =>
    submissions.submissionsOfHomework(homeworkId, page),
  homeworkSubmission: (_parent, { homeworkId, studentId }, { submissions }) =>
    submissions.submissionOfHomework(homeworkId, studentId),
  leaderboard: (_parent, { scope, first }, { leaderboards }) => leaderboards.leaderboard(scope, first),
};
