import { tenantDatabase, type Database } from '@schools24/db';
import { AcademicYearRepository } from './academic-year-repository.js';
import { EnrolmentRepository } from './enrolment-repository.js';
import { GradeRepository } from './grade-repository.js';
import { SectionRepository } from './section-repository.js';
import { SubjectRepository } from './subject-repository.js';

export type AcademicsRepositories = ReturnType<typeof createAcademicsRepositories>;

export function createAcademicsRepositories(database: Database) {
  const db = tenantDatabase(database);
  return {
    academicYears: new AcademicYearRepository(db),
    grades: new GradeRepository(db),
    sections: new SectionRepository(db),
    subjects: new SubjectRepository(db),
    enrolments: new EnrolmentRepository(db),
  };
}
