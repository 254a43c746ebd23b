/*
 * Generates every row of a demo school in memory, with no database access: the ids are derived
 * from (seed, code), so rows reference each other directly and the inserts need no read-back.
 * Everything random comes from one seeded Faker instance, called in a fixed order, and no value
 * depends on the clock, so the same options always give the same rows.
 */
import { Faker, base, en, en_IN } from '@faker-js/faker';
import type { $Enums, Prisma } from '@schools24/db';
import { GRADE_LEVELS, SECTION_NAMES, SUBJECTS, gradeName, subjectsForSection } from './curriculum.js';
import { fnv1a, idFactory } from './ids.js';
import { allocateTeachers, type TeachingUnit } from './staffing.js';

/** The password of every demo user (`seedSchool` stores its argon2id hash; the plan leaves it null). */
export const DEMO_PASSWORD = 'schools24-demo';

/** Students this old or older on the first day of the academic year get a login. */
export const STUDENT_LOGIN_MIN_AGE = 10;

export interface PlanOptions {
  code: string;
  name?: string;
  students: number;
  teachers: number;
  seed: number;
  /** Calendar year the academic year starts in (April). */
  yearStart: number;
}

export type DemoRole = 'SCHOOL_ADMIN' | 'ACCOUNTANT' | 'TEACHER' | 'STUDENT' | 'GUARDIAN';

export interface DemoLogin {
  role: DemoRole;
  email: string;
  password: string;
  displayName: string;
}

export interface SampleIds {
  sectionId: string;
  studentId: string;
  teacherId: string;
  guardianId: string;
}

export interface SchoolPlan {
  school: Prisma.SchoolCreateManyInput;
  users: Prisma.UserCreateManyInput[];
  roleAssignments: Prisma.RoleAssignmentCreateManyInput[];
  staff: Prisma.StaffCreateManyInput[];
  teachers: Prisma.TeacherCreateManyInput[];
  academicYear: Prisma.AcademicYearCreateManyInput;
  /** Terms (kind TERM); insert before gradingPeriods. */
  terms: Prisma.TermCreateManyInput[];
  gradingPeriods: Prisma.TermCreateManyInput[];
  grades: Prisma.GradeCreateManyInput[];
  subjects: Prisma.SubjectCreateManyInput[];
  sections: Prisma.SectionCreateManyInput[];
  teachingAssignments: Prisma.TeachingAssignmentCreateManyInput[];
  students: Prisma.StudentCreateManyInput[];
  guardians: Prisma.GuardianCreateManyInput[];
  studentGuardians: Prisma.StudentGuardianCreateManyInput[];
  enrolments: Prisma.EnrolmentCreateManyInput[];
  feeStructures: Prisma.FeeStructureCreateManyInput[];
  announcements: Prisma.AnnouncementCreateManyInput[];
  logins: DemoLogin[];
  sample: SampleIds;
}

type GuardianRelationship = $Enums.GuardianRelationship;
type Role = $Enums.Role;

interface FamilyGuardian {
  guardianId: string;
  userEmail: string | null;
  displayName: string;
  relationship: GuardianRelationship;
  hasCustody: boolean;
  contactPriority: number;
  mayPickUp: boolean;
  receivesSms: boolean;
}

interface Family {
  familyName: string;
  guardians: FamilyGuardian[];
  levels: Set<number>;
  children: number;
}

interface StudentInfo {
  index: number;
  id: string;
  sectionIndex: number;
  givenName: string;
  familyName: string;
  userEmail: string | null;
  displayName: string;
  family: Family;
}

const SCHOOL_NAME_PREFIXES = [
  'Greenwood',
  'Lotus Valley',
  'Sunrise',
  'Banyan Tree',
  'Saraswati',
  'Little Flower',
  'Heritage',
  'Silver Oak',
  'Sacred Heart',
  'Vivekananda',
];
const SCHOOL_NAME_SUFFIXES = [
  'Public School',
  'Senior Secondary School',
  'Vidyalaya',
  'International School',
];
const PERSONAL_EMAIL_DOMAINS = ['example.com', 'example.net', 'example.org'];

const STAFF: readonly { jobTitle: string; login?: { local: string; role: Role } }[] = [
  { jobTitle: 'School Administrator', login: { local: 'admin', role: 'SCHOOL_ADMIN' } },
  { jobTitle: 'Accountant', login: { local: 'accounts', role: 'ACCOUNTANT' } },
  { jobTitle: 'Office Assistant' },
  { jobTitle: 'Receptionist' },
  { jobTitle: 'Transport Coordinator' },
  { jobTitle: 'Librarian' },
];

/** A calendar date, as Prisma expects for @db.Date columns (UTC midnight). */
function date(year: number, month: number, day: number): Date {
  return new Date(Date.UTC(year, month - 1, day));
}

function addDays(value: Date, days: number): Date {
  return new Date(value.getTime() + days * 86_400_000);
}

/** An instant given as wall-clock time in India (UTC+05:30, no daylight saving). */
function istInstant(day: Date, hours: number, minutes: number): Date {
  return new Date(day.getTime() + (hours * 60 + minutes - 330) * 60_000);
}

function ageOn(dateOfBirth: Date, on: Date): number {
  let age = on.getUTCFullYear() - dateOfBirth.getUTCFullYear();
  const beforeBirthday =
    on.getUTCMonth() < dateOfBirth.getUTCMonth() ||
    (on.getUTCMonth() === dateOfBirth.getUTCMonth() && on.getUTCDate() < dateOfBirth.getUTCDate());
  if (beforeBirthday) age -= 1;
  return age;
}

/** Lower-case ASCII letters and digits only, for the local part of an email address. */
function emailWord(text: string): string {
  const word = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
  return word || 'user';
}

function byName(a: { givenName: string; familyName: string; index: number }, b: typeof a): number {
  const left = `${a.givenName.toLowerCase()}\u0000${a.familyName.toLowerCase()}`;
  const right = `${b.givenName.toLowerCase()}\u0000${b.familyName.toLowerCase()}`;
  if (left !== right) return left < right ? -1 : 1;
  return a.index - b.index;
}

export function planSchool(options: PlanOptions): SchoolPlan {
  const { code, seed, yearStart } = options;
  const id = idFactory(seed, code);
  const faker = new Faker({ locale: [en_IN, en, base] });
  faker.seed([seed, fnv1a(code)]);
  const int = (min: number, max: number): number => faker.number.int({ min, max });
  const chance = (probability: number): boolean => faker.datatype.boolean({ probability });
  const phone = (): string => `+91 ${int(6, 9)}${faker.string.numeric(4)} ${faker.string.numeric(5)}`;

  const schoolId = id('school');
  const schoolDomain = `${code.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.example`;
  const yearStartsOn = date(yearStart, 4, 1);
  const yearEndsOn = date(yearStart + 1, 3, 31);

  // Drawn even when a name is given, so the name never changes the rest of the data.
  const generatedName = `${faker.helpers.arrayElement(SCHOOL_NAME_PREFIXES)} ${faker.helpers.arrayElement(SCHOOL_NAME_SUFFIXES)}, ${faker.location.city()}`;
  const school: Prisma.SchoolCreateManyInput = {
    id: schoolId,
    code,
    name: options.name ?? generatedName,
    timezone: 'Asia/Kolkata',
    currency: 'INR',
    locale: 'en-IN',
  };

  // --- users -------------------------------------------------------------------------------
  const emails = new Set<string>();
  const uniqueEmail = (local: string, domain: string): string => {
    for (let n = 1; ; n++) {
      const email = `${local}${n === 1 ? '' : n}@${domain}`;
      if (!emails.has(email)) {
        emails.add(email);
        return email;
      }
    }
  };
  const users: Prisma.UserCreateManyInput[] = [];
  const roleAssignments: Prisma.RoleAssignmentCreateManyInput[] = [];
  const addUser = (key: string, email: string, displayName: string, role: Role): string => {
    const userId = id('user', key);
    users.push({ id: userId, schoolId, email, displayName, passwordHash: null, status: 'ACTIVE' });
    roleAssignments.push({ id: id('role-assignment', `${key}/${role}`), schoolId, userId, role });
    return userId;
  };

  // --- staff -------------------------------------------------------------------------------
  const logins: DemoLogin[] = [];
  let adminUserId: string | null = null;
  const staff: Prisma.StaffCreateManyInput[] = STAFF.map((spec, index) => {
    const givenName = faker.person.firstName(chance(0.5) ? 'female' : 'male');
    const familyName = faker.person.lastName();
    const displayName = `${givenName} ${familyName}`;
    let userId: string | null = null;
    if (spec.login) {
      const email = uniqueEmail(spec.login.local, schoolDomain);
      userId = addUser(`staff/${index}`, email, displayName, spec.login.role);
      if (spec.login.role === 'SCHOOL_ADMIN') adminUserId = userId;
      logins.push({ role: spec.login.role as DemoRole, email, password: DEMO_PASSWORD, displayName });
    }
    return {
      id: id('staff', index),
      schoolId,
      userId,
      employeeNumber: `S${String(index + 1).padStart(3, '0')}`,
      givenName,
      familyName,
      jobTitle: spec.jobTitle,
      phone: phone(),
    };
  });

  // --- teachers ----------------------------------------------------------------------------
  const teacherEmails: string[] = [];
  const teacherNames: string[] = [];
  const teachers: Prisma.TeacherCreateManyInput[] = [];
  for (let index = 0; index < options.teachers; index++) {
    const givenName = faker.person.firstName(chance(0.7) ? 'female' : 'male');
    const familyName = faker.person.lastName();
    const displayName = `${givenName} ${familyName}`;
    const email = uniqueEmail(`${emailWord(givenName)}.${emailWord(familyName)}`, schoolDomain);
    const joinedYear = yearStart - int(0, 22);
    const joinedOn =
      joinedYear === yearStart
        ? yearStartsOn
        : date(joinedYear, faker.helpers.arrayElement([4, 6, 7]), int(1, 28));
    teachers.push({
      id: id('teacher', index),
      schoolId,
      userId: addUser(`teacher/${index}`, email, displayName, 'TEACHER'),
      employeeNumber: `T${String(index + 1).padStart(4, '0')}`,
      givenName,
      familyName,
      phone: phone(),
      joinedOn,
    });
    teacherEmails.push(email);
    teacherNames.push(displayName);
  }

  // --- academic year, terms and grading periods ----------------------------------------------
  const academicYearId = id('academic-year', yearStart);
  const academicYear: Prisma.AcademicYearCreateManyInput = {
    id: academicYearId,
    schoolId,
    name: `${yearStart}-${String((yearStart + 1) % 100).padStart(2, '0')}`,
    startsOn: yearStartsOn,
    endsOn: yearEndsOn,
    isCurrent: true,
  };
  // Each term: [start month, end month] relative to the academic year's first calendar year.
  const termMonths: [number, number][] = [
    [4, 7],
    [8, 11],
    [12, 15],
  ];
  const monthStart = (month: number): Date =>
    date(yearStart + Math.floor((month - 1) / 12), ((month - 1) % 12) + 1, 1);
  const monthEnd = (month: number): Date => addDays(monthStart(month + 1), -1);
  const terms: Prisma.TermCreateManyInput[] = [];
  const gradingPeriods: Prisma.TermCreateManyInput[] = [];
  termMonths.forEach(([first, last], termIndex) => {
    const termId = id('term', termIndex + 1);
    terms.push({
      id: termId,
      schoolId,
      academicYearId,
      kind: 'TERM',
      name: `Term ${termIndex + 1}`,
      position: termIndex + 1,
      startsOn: monthStart(first),
      endsOn: monthEnd(last),
    });
    // Two grading periods of two months each; marks are posted from the period's last week until
    // ten days after it ends.
    for (let period = 0; period < 2; period++) {
      const startsOn = monthStart(first + period * 2);
      const endsOn = monthEnd(first + period * 2 + 1);
      gradingPeriods.push({
        id: id('grading-period', `${termIndex + 1}/${period + 1}`),
        schoolId,
        academicYearId,
        parentTermId: termId,
        kind: 'GRADING_PERIOD',
        name: `Term ${termIndex + 1} Assessment ${period + 1}`,
        position: period + 1,
        startsOn,
        endsOn,
        postingOpensAt: istInstant(addDays(endsOn, -6), 9, 0),
        postingClosesAt: istInstant(addDays(endsOn, 10), 23, 59),
      });
    }
  });

  // --- grades, subjects, sections -------------------------------------------------------------
  const grades: Prisma.GradeCreateManyInput[] = GRADE_LEVELS.map((level) => ({
    id: id('grade', level),
    schoolId,
    name: gradeName(level),
    level,
  }));
  const subjectIds = new Map(SUBJECTS.map((subject) => [subject.code, id('subject', subject.code)]));
  const subjects: Prisma.SubjectCreateManyInput[] = SUBJECTS.map((subject) => ({
    id: id('subject', subject.code),
    schoolId,
    code: subject.code,
    name: subject.name,
  }));
  const sectionSpecs = GRADE_LEVELS.flatMap((level) => SECTION_NAMES.map((name) => ({ level, name })));
  const sectionCount = sectionSpecs.length;
  const sectionIds = sectionSpecs.map((spec) => id('section', `${yearStart}/${spec.level}/${spec.name}`));
  const sectionCapacity = Math.min(32_767, Math.max(40, Math.ceil(options.students / sectionCount)));

  // --- teaching assignments and class teachers --------------------------------------------
  // Units by subject in staff-room order; each subject's classes run up or down, whichever
  // continues from where the previous subject ended, so a teacher who takes the end of one subject
  // and the start of the next teaches neighbouring classes.
  const units: TeachingUnit[] = [];
  let lastLevel = 0;
  for (const subject of SUBJECTS) {
    const taught = sectionSpecs
      .map((spec, sectionIndex) => ({ spec, sectionIndex }))
      .filter(({ spec }) => subjectsForSection(spec.level, spec.name).includes(subject.code));
    const first = taught[0];
    const last = taught[taught.length - 1];
    if (!first || !last) continue;
    if (Math.abs(last.spec.level - lastLevel) < Math.abs(first.spec.level - lastLevel)) taught.reverse();
    for (const { sectionIndex } of taught) {
      units.push({ sectionIndex, subject: subject.code, periods: subject.periodsPerWeek });
    }
    lastLevel = taught[taught.length - 1]?.spec.level ?? lastLevel;
  }
  const allocation = allocateTeachers(units, options.teachers);
  const teachingAssignments: Prisma.TeachingAssignmentCreateManyInput[] = [];
  const periodsBySection = sectionSpecs.map(() => new Map<number, number>());
  allocation.forEach((group, teacherIndex) => {
    for (const unit of group) {
      teachingAssignments.push({
        id: id('teaching-assignment', `${yearStart}/${unit.sectionIndex}/${unit.subject}`),
        schoolId,
        teacherId: id('teacher', teacherIndex),
        sectionId: sectionIds[unit.sectionIndex] ?? '',
        subjectId: subjectIds.get(unit.subject) ?? '',
      });
      const periods = periodsBySection[unit.sectionIndex];
      periods?.set(teacherIndex, (periods.get(teacherIndex) ?? 0) + unit.periods);
    }
  });
  // The class teacher is whoever teaches the section most, among teachers without a class yet.
  const hasClass = new Set<number>();
  const classTeacherIndex = periodsBySection.map((periods) => {
    const ranked = [...periods.entries()]
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .map(([teacher]) => teacher);
    const fallback = Array.from({ length: options.teachers }, (_, teacher) => teacher);
    const chosen = [...ranked, ...fallback].find((teacher) => !hasClass.has(teacher));
    if (chosen === undefined) return null;
    hasClass.add(chosen);
    return chosen;
  });
  const sections: Prisma.SectionCreateManyInput[] = sectionSpecs.map((spec, sectionIndex) => {
    const floor = spec.level <= 4 ? 0 : spec.level <= 8 ? 1 : 2;
    const roomNumber = String(((spec.level - 1) % 4) * 3 + (sectionIndex % 3) + 1).padStart(2, '0');
    const teacherIndex = classTeacherIndex[sectionIndex];
    return {
      id: sectionIds[sectionIndex] ?? '',
      schoolId,
      academicYearId,
      gradeId: id('grade', spec.level),
      name: spec.name,
      classTeacherId:
        teacherIndex === null || teacherIndex === undefined ? null : id('teacher', teacherIndex),
      room: `${floor === 0 ? 'G' : floor}${roomNumber}`,
      capacity: sectionCapacity,
    };
  });

  // --- students, families and guardians ------------------------------------------------------
  const guardians: Prisma.GuardianCreateManyInput[] = [];
  const studentGuardians: Prisma.StudentGuardianCreateManyInput[] = [];
  const students: Prisma.StudentCreateManyInput[] = [];
  const studentInfos: StudentInfo[] = [];
  const openFamilies: Family[] = [];

  const addGuardian = (
    givenName: string,
    familyName: string,
    relationship: GuardianRelationship,
    contactPriority: number,
    separated: boolean,
  ): FamilyGuardian => {
    const index = guardians.length;
    const guardianId = id('guardian', index);
    const displayName = `${givenName} ${familyName}`;
    const withEmail = contactPriority === 1 || chance(0.75);
    const email = withEmail
      ? uniqueEmail(
          `${emailWord(givenName)}.${emailWord(familyName)}`,
          faker.helpers.arrayElement(PERSONAL_EMAIL_DOMAINS),
        )
      : null;
    guardians.push({
      id: guardianId,
      schoolId,
      userId: email ? addUser(`guardian/${index}`, email, displayName, 'GUARDIAN') : null,
      givenName,
      familyName,
      email,
      phone: phone(),
    });
    const hasCustody = !(separated && contactPriority === 2);
    return {
      guardianId,
      userEmail: email,
      displayName,
      relationship,
      hasCustody,
      contactPriority,
      mayPickUp: hasCustody,
      receivesSms: contactPriority === 1 || chance(0.8),
    };
  };

  const newFamily = (): Family => {
    const familyName = faker.person.lastName();
    const kind = faker.number.float();
    const family: Family = { familyName, guardians: [], levels: new Set(), children: 0 };
    const mother = (priority: number, separated = false): FamilyGuardian =>
      addGuardian(
        faker.person.firstName('female'),
        chance(0.9) ? familyName : faker.person.lastName(),
        'MOTHER',
        priority,
        separated,
      );
    const father = (priority: number, separated = false): FamilyGuardian =>
      addGuardian(faker.person.firstName('male'), familyName, 'FATHER', priority, separated);
    if (kind < 0.72) {
      const separated = chance(0.04);
      if (chance(0.55)) family.guardians.push(mother(1, separated), father(2, separated));
      else family.guardians.push(father(1, separated), mother(2, separated));
    } else if (kind < 0.84) {
      family.guardians.push(mother(1));
    } else if (kind < 0.91) {
      family.guardians.push(father(1));
    } else if (kind < 0.96) {
      family.guardians.push(
        addGuardian(
          faker.person.firstName(chance(0.5) ? 'female' : 'male'),
          familyName,
          'GRANDPARENT',
          1,
          false,
        ),
      );
      if (chance(0.5)) family.guardians.push(mother(2));
    } else {
      family.guardians.push(
        addGuardian(
          faker.person.firstName(chance(0.5) ? 'female' : 'male'),
          faker.person.lastName(),
          'LEGAL_GUARDIAN',
          1,
          false,
        ),
      );
    }
    return family;
  };

  /** Siblings: now and then a child joins an existing family with no child in the same class. */
  const familyFor = (level: number): Family => {
    if (openFamilies.length > 0 && chance(0.14)) {
      for (let attempt = 0; attempt < 3; attempt++) {
        const at = int(0, openFamilies.length - 1);
        const family = openFamilies[at];
        if (family && !family.levels.has(level)) {
          if (family.children + 1 >= 3) {
            openFamilies[at] = openFamilies[openFamilies.length - 1] ?? family;
            openFamilies.pop();
          }
          return family;
        }
      }
    }
    const family = newFamily();
    openFamilies.push(family);
    return family;
  };

  const admittedOnByStudent: Date[] = [];
  for (let sectionIndex = 0; sectionIndex < sectionCount; sectionIndex++) {
    const spec = sectionSpecs[sectionIndex];
    if (!spec) continue;
    // floor(N/36) each, and the remainder spread evenly over the classes rather than the first few.
    const remainder = options.students % sectionCount;
    const size =
      Math.floor(options.students / sectionCount) +
      Math.floor(((sectionIndex + 1) * remainder) / sectionCount) -
      Math.floor((sectionIndex * remainder) / sectionCount);
    for (let n = 0; n < size; n++) {
      const index = students.length;
      const family = familyFor(spec.level);
      family.levels.add(spec.level);
      family.children += 1;
      const female = chance(0.5);
      const givenName = faker.person.firstName(female ? 'female' : 'male');
      const familyName = family.familyName;
      const displayName = `${givenName} ${familyName}`;
      // Class 1 starts in the April of the year the child turns six.
      const dateOfBirth = addDays(date(yearStart - 6 - spec.level, 4, 1), int(0, 364));
      const joinedLevel = chance(0.5) ? 1 : int(1, spec.level);
      const admittedOn = addDays(date(yearStart - (spec.level - joinedLevel), 3, 10), int(0, 21));
      const studentId = id('student', index);
      const withLogin = ageOn(dateOfBirth, yearStartsOn) >= STUDENT_LOGIN_MIN_AGE;
      const email = withLogin
        ? uniqueEmail(`${emailWord(givenName)}.${emailWord(familyName)}`, schoolDomain)
        : null;
      students.push({
        id: studentId,
        schoolId,
        userId: email ? addUser(`student/${index}`, email, displayName, 'STUDENT') : null,
        admissionNumber: '', // assigned below, in order of admission
        givenName,
        familyName,
        dateOfBirth,
        gender: female ? 'FEMALE' : 'MALE',
        admittedOn,
      });
      admittedOnByStudent.push(admittedOn);
      studentInfos.push({
        index,
        id: studentId,
        sectionIndex,
        givenName,
        familyName,
        userEmail: email,
        displayName,
        family,
      });
      for (const guardian of family.guardians) {
        studentGuardians.push({
          id: id('student-guardian', `${index}/${guardian.guardianId}`),
          schoolId,
          studentId,
          guardianId: guardian.guardianId,
          relationship: guardian.relationship,
          hasCustody: guardian.hasCustody,
          contactPriority: guardian.contactPriority,
          mayPickUp: guardian.mayPickUp,
          receivesSms: guardian.receivesSms,
        });
      }
    }
  }

  // Admission numbers run per year of admission, in order of admission date then name.
  const admissionOrder = studentInfos
    .map((info) => ({ info, admittedOn: admittedOnByStudent[info.index]?.getTime() ?? 0 }))
    .sort((a, b) => a.admittedOn - b.admittedOn || byName(a.info, b.info));
  const perYear = new Map<number, number>();
  for (const { info, admittedOn } of admissionOrder) {
    const year = new Date(admittedOn).getUTCFullYear();
    const next = (perYear.get(year) ?? 0) + 1;
    perYear.set(year, next);
    const student = students[info.index];
    if (student) student.admissionNumber = `${year}/${String(next).padStart(4, '0')}`;
  }

  // Roll numbers: 1.. in each section by given name, then family name.
  const bySection = sectionSpecs.map((): StudentInfo[] => []);
  for (const info of studentInfos) bySection[info.sectionIndex]?.push(info);
  const enrolments: Prisma.EnrolmentCreateManyInput[] = [];
  const rollOne = new Map<number, StudentInfo>();
  bySection.forEach((members, sectionIndex) => {
    members.sort(byName).forEach((info, position) => {
      enrolments.push({
        id: id('enrolment', `${yearStart}/${info.index}`),
        schoolId,
        studentId: info.id,
        sectionId: sectionIds[sectionIndex] ?? '',
        academicYearId,
        rollNumber: position + 1,
        status: 'ACTIVE',
        startsOn: yearStartsOn,
        endsOn: null,
      });
    });
    const firstWithLogin = members.find((info) => info.userEmail !== null) ?? members[0];
    if (firstWithLogin) rollOne.set(sectionIndex, firstWithLogin);
  });

  // --- fees and announcements ------------------------------------------------------------------
  const rupees = (amount: number): bigint => BigInt(amount) * 100n;
  const feeDueOn = date(yearStart, 4, 15);
  const feeStructures: Prisma.FeeStructureCreateManyInput[] = [
    ...GRADE_LEVELS.map((level) => ({
      id: id('fee-structure', `${yearStart}/tuition/${level}`),
      schoolId,
      academicYearId,
      gradeId: id('grade', level),
      name: 'Tuition fee',
      amountMinor: rupees(36_000 + level * 3_000),
      currency: 'INR',
      dueOn: feeDueOn,
    })),
    {
      id: id('fee-structure', `${yearStart}/annual-charges`),
      schoolId,
      academicYearId,
      gradeId: null,
      name: 'Annual charges',
      amountMinor: rupees(6_500),
      currency: 'INR',
      dueOn: feeDueOn,
    },
    {
      id: id('fee-structure', `${yearStart}/transport`),
      schoolId,
      academicYearId,
      gradeId: null,
      name: 'Transport fee',
      amountMinor: rupees(18_000),
      currency: 'INR',
      dueOn: feeDueOn,
    },
  ];
  const yearName = academicYear.name;
  const announcementSpecs: {
    title: string;
    body: string;
    audience: $Enums.AnnouncementAudience;
    on: Date;
  }[] = [
    {
      title: `Welcome to the ${yearName} academic year`,
      body: `The ${yearName} session begins on 1 April. Class lists, timetables and class teachers are now available.`,
      audience: 'EVERYONE',
      on: date(yearStart, 4, 1),
    },
    {
      title: 'Annual fees due by 15 April',
      body: 'Tuition, annual charges and transport fees are due by 15 April. Please pay at the accounts office or online.',
      audience: 'GUARDIANS',
      on: date(yearStart, 4, 2),
    },
    {
      title: 'Staff meeting: Term 2 planning',
      body: 'All teaching staff: Term 2 planning meeting on the last Saturday of July at 10:00 in the library.',
      audience: 'STAFF',
      on: date(yearStart, 7, 20),
    },
    {
      title: 'Half-yearly examination schedule',
      body: 'The half-yearly examinations start in the last week of September. Date sheets are with class teachers.',
      audience: 'STUDENTS',
      on: date(yearStart, 9, 1),
    },
    {
      title: 'Parent-teacher meeting',
      body: 'Parent-teacher meetings for all classes are on the second Saturday of October, 09:00 to 13:00.',
      audience: 'GUARDIANS',
      on: date(yearStart, 10, 1),
    },
    {
      title: 'Annual sports day',
      body: `${school.name} holds its annual sports day in mid-November. Parents are welcome.`,
      audience: 'EVERYONE',
      on: date(yearStart, 11, 2),
    },
  ];
  const announcements: Prisma.AnnouncementCreateManyInput[] = announcementSpecs.map((spec, index) => ({
    id: id('announcement', `${yearStart}/${index}`),
    schoolId,
    title: spec.title,
    body: spec.body,
    audience: spec.audience,
    authorUserId: adminUserId,
    publishedAt: istInstant(spec.on, 8, 30),
  }));

  // --- the sample: a section, its class teacher, a student with a login and their guardian -----
  const preferredSection = sectionSpecs.findIndex((spec) => spec.level === 8 && spec.name === 'A');
  const sampleSectionIndex =
    [preferredSection, ...sectionSpecs.keys()].find((index) => rollOne.get(index)?.userEmail) ??
    [...rollOne.keys()][0] ??
    0;
  const sampleStudent = rollOne.get(sampleSectionIndex);
  const sampleTeacherIndex =
    classTeacherIndex[sampleSectionIndex] ??
    [...(periodsBySection[sampleSectionIndex]?.keys() ?? [])][0] ??
    0;
  const sampleGuardian = sampleStudent?.family.guardians[0];
  if (!sampleStudent || !sampleGuardian) throw new Error('planSchool needs at least one student');

  const teacherEmail = teacherEmails[sampleTeacherIndex];
  if (teacherEmail) {
    logins.push({
      role: 'TEACHER',
      email: teacherEmail,
      password: DEMO_PASSWORD,
      displayName: teacherNames[sampleTeacherIndex] ?? '',
    });
  }
  if (sampleStudent.userEmail) {
    logins.push({
      role: 'STUDENT',
      email: sampleStudent.userEmail,
      password: DEMO_PASSWORD,
      displayName: sampleStudent.displayName,
    });
  }
  const guardianWithLogin = sampleStudent.family.guardians.find((guardian) => guardian.userEmail);
  if (guardianWithLogin?.userEmail) {
    logins.push({
      role: 'GUARDIAN',
      email: guardianWithLogin.userEmail,
      password: DEMO_PASSWORD,
      displayName: guardianWithLogin.displayName,
    });
  }

  return {
    school,
    users,
    roleAssignments,
    staff,
    teachers,
    academicYear,
    terms,
    gradingPeriods,
    grades,
    subjects,
    sections,
    teachingAssignments,
    students,
    guardians,
    studentGuardians,
    enrolments,
    feeStructures,
    announcements,
    logins,
    sample: {
      sectionId: sectionIds[sampleSectionIndex] ?? '',
      studentId: sampleStudent.id,
      teacherId: id('teacher', sampleTeacherIndex),
      guardianId: sampleGuardian.guardianId,
    },
  };
}
