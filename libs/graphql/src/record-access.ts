import type { Role, Viewer } from '@schools24/auth';
import { DomainError, ErrorCode } from '@schools24/errors';

/** What a viewer relates to (see `readOwnershipFacts` in @schools24/db). */
export interface ViewerOwnership {
  studentIds: readonly string[];
  sectionIds: readonly string[];
}

/** Loads the ownership facts of a viewer: asked at most once per request. */
export type OwnershipLookup = (
  viewer: Viewer,
  question: { asTeacher: boolean; asFamily: boolean },
) => Promise<ViewerOwnership>;

/** Roles whose holders reach every record of their school (the platform admin: of any school). */
const WHOLE_SCHOOL_ROLES: readonly Role[] = ['PLATFORM_ADMIN', 'SCHOOL_ADMIN', 'ACCOUNTANT'];

interface Reach {
  students: ReadonlySet<string>;
  sections: ReadonlySet<string>;
}

/**
 * Record-level ownership, the part of authorization the SDL cannot say: a teacher reaches the
 * students of the sections they teach, a parent their linked children, a student themself; school
 * admins and accountants reach the whole school. One instance per request; the facts are read once,
 * on first use, and only for viewers who need them. The SDL's rules (`@requiresScopes`, …) still
 * decide which fields a role may read at all; this decides which records.
 */
export class RecordAccess {
  private reach: Promise<Reach> | undefined;

  constructor(
    private readonly viewer: Viewer | null,
    private readonly lookup: OwnershipLookup,
  ) {}

  /** True when the viewer reaches every record of the school. */
  get seesWholeSchool(): boolean {
    return this.viewer?.roles.some((role) => WHOLE_SCHOOL_ROLES.includes(role)) ?? false;
  }

  /** True when `userId` is the viewer's own user. */
  isViewer(userId: string | null): boolean {
    return (
      userId !== null &&
      this.viewer !== null &&
      this.viewer.actorUserId === undefined &&
      this.viewer.userId === userId
    );
  }

  /** The students the viewer may see, or null when that is every student of the school. */
  async visibleStudentIds(): Promise<ReadonlySet<string> | null> {
    return this.seesWholeSchool ? null : (await this.load()).students;
  }

  async canSeeStudent(studentId: string): Promise<boolean> {
    return this.seesWholeSchool || (await this.load()).students.has(studentId.toLowerCase());
  }

  /** Throws FORBIDDEN unless the viewer may see the student. */
  async assertCanSeeStudent(studentId: string): Promise<void> {
    if (!(await this.canSeeStudent(studentId))) {
      throw new DomainError(
        ErrorCode.FORBIDDEN,
        'You can see only your own record, your children, or the students of sections you teach.',
        { studentId },
      );
    }
  }

  /** True when the viewer reaches the section's students (admins; the section's teachers). */
  async canSeeSectionStudents(sectionId: string): Promise<boolean> {
    return this.seesWholeSchool || (await this.load()).sections.has(sectionId.toLowerCase());
  }

  /** Throws FORBIDDEN unless the viewer may see who is in the section. */
  async assertCanSeeSectionStudents(sectionId: string): Promise<void> {
    if (!(await this.canSeeSectionStudents(sectionId))) {
      throw new DomainError(ErrorCode.FORBIDDEN, 'You can see the students only of sections you teach.', {
        sectionId,
      });
    }
  }

  private load(): Promise<Reach> {
    this.reach ??= this.read();
    return this.reach;
  }

  private async read(): Promise<Reach> {
    const viewer = this.viewer;
    if (!viewer) return { students: new Set(), sections: new Set() };
    const asTeacher = viewer.roles.includes('TEACHER');
    const asFamily = viewer.roles.includes('GUARDIAN') || viewer.roles.includes('STUDENT');
    // A platform admin acting in another school has no records of their own there.
    if (viewer.actorUserId !== undefined || (!asTeacher && !asFamily)) {
      return { students: new Set(), sections: new Set() };
    }
    const facts = await this.lookup(viewer, { asTeacher, asFamily });
    return { students: new Set(facts.studentIds), sections: new Set(facts.sectionIds) };
  }
}
