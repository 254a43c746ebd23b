import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSubgraphStack, type TestEndpoint } from '@schools24/testkit';
import { createAcademicsSubgraph } from '../src/index.js';
import {
  createAcademicsFixture,
  errorCodes,
  query,
  type AcademicsFixture,
  type TestSchool,
} from './fixtures.js';

const YEARS = /* GraphQL */ `
  query Years {
    academicYears {
      id
      name
      isCurrent
    }
    currentAcademicYear {
      id
    }
  }
`;

const SECTIONS = /* GraphQL */ `
  query Sections($academicYearId: ID, $gradeId: ID) {
    sections(academicYearId: $academicYearId, gradeId: $gradeId) {
      id
      displayName
      academicYear {
        id
      }
    }
  }
`;

const GRADE_SECTIONS = /* GraphQL */ `
  query GradeSections($id: ID!, $academicYearId: ID) {
    grade(id: $id) {
      sections(academicYearId: $academicYearId) {
        id
        name
      }
    }
  }
`;

const ROSTER = /* GraphQL */ `
  query Roster($id: ID!, $first: Int, $after: String, $last: Int, $before: String, $status: EnrolmentStatus) {
    section(id: $id) {
      enrolments(first: $first, after: $after, last: $last, before: $before, status: $status) {
        totalCount
        edges {
          cursor
          node {
            id
            rollNumber
            status
          }
        }
        pageInfo {
          hasNextPage
          hasPreviousPage
          startCursor
          endCursor
        }
      }
    }
  }
`;

const ROSTER_DEFAULT_STATUS = /* GraphQL */ `
  query RosterDefault($id: ID!, $first: Int) {
    section(id: $id) {
      enrolments(first: $first) {
        totalCount
        edges {
          node {
            id
            status
          }
        }
      }
    }
  }
`;

const TERMS = /* GraphQL */ `
  query Terms($yearId: ID!, $termId: ID!) {
    academicYear(id: $yearId) {
      terms {
        id
        name
        periods {
          id
          name
          position
          parentTerm {
            id
          }
        }
      }
    }
    term(id: $termId) {
      periods {
        name
        position
        postingOpensAt
        postingClosesAt
        isPostingOpen
      }
    }
  }
`;

interface SectionItem {
  id: string;
  displayName: string;
  academicYear: { id: string };
}

interface RosterPage {
  totalCount: number;
  edges: { cursor: string; node: { id: string; rollNumber: number; status: string } }[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
}

describe('academics queries', () => {
  let stack: TestEndpoint;
  let fixture: AcademicsFixture;
  let school: TestSchool;

  beforeAll(async () => {
    stack = await startSubgraphStack(createAcademicsSubgraph);
    fixture = await createAcademicsFixture(stack.resources.db, 30, 6);
    school = fixture.school;
  });
  afterAll(async () => {
    await fixture?.school.remove();
    await stack?.stop();
  });

  const db = () => stack.resources.db;
  const sections = async (variables: { academicYearId?: string; gradeId?: string }) =>
    (await query<{ sections: SectionItem[] }>(stack, SECTIONS, variables, school.schoolId)).sections;
  const roster = async (variables: Record<string, unknown>) =>
    (
      await query<{ section: { enrolments: RosterPage } }>(
        stack,
        ROSTER,
        { id: fixture.rosterSectionId, ...variables },
        school.schoolId,
      )
    ).section.enrolments;

  it('lists academic years newest first and knows the current one', async () => {
    const data = await query<{
      academicYears: { id: string; name: string; isCurrent: boolean }[];
      currentAcademicYear: { id: string } | null;
    }>(stack, YEARS, {}, school.schoolId);
    expect(data.academicYears).toEqual([
      { id: school.academicYearId, name: '2026-27', isCurrent: true },
      { id: fixture.pastYearId, name: '2025-26', isCurrent: false },
    ]);
    expect(data.currentAcademicYear).toEqual({ id: school.academicYearId });
  });

  it('lists the current year’s sections by default, by grade level then name', async () => {
    const expected = await db().section.findMany({
      where: { schoolId: school.schoolId, academicYearId: school.academicYearId },
      include: { grade: true },
      orderBy: [{ grade: { level: 'asc' } }, { name: 'asc' }],
    });
    expect(expected).toHaveLength(36);
    const listed = await sections({});
    expect(listed).toEqual(
      expected.map((row) => ({
        id: row.id,
        displayName: `${row.grade.level}-${row.name}`,
        academicYear: { id: school.academicYearId },
      })),
    );
    expect(listed.slice(0, 4).map((section) => section.displayName)).toEqual(['1-A', '1-B', '1-C', '2-A']);
    expect(listed.map((section) => section.id)).not.toContain(fixture.pastSectionId);
    // Naming the current year explicitly gives the same list.
    expect(await sections({ academicYearId: school.academicYearId })).toEqual(listed);
  });

  it('filters sections by grade, within the current year unless another is named', async () => {
    const grade7 = await db().grade.findFirstOrThrow({ where: { schoolId: school.schoolId, level: 7 } });
    const grade8 = await db().grade.findFirstOrThrow({ where: { schoolId: school.schoolId, level: 8 } });
    const current7 = await sections({ gradeId: grade7.id });
    expect(current7.map((section) => section.displayName)).toEqual(['7-A', '7-B', '7-C']);
    expect(current7.every((section) => section.academicYear.id === school.academicYearId)).toBe(true);

    expect(await sections({ academicYearId: fixture.pastYearId })).toEqual([
      { id: fixture.pastSectionId, displayName: '7-A', academicYear: { id: fixture.pastYearId } },
    ]);
    expect(await sections({ academicYearId: fixture.pastYearId, gradeId: grade7.id })).toHaveLength(1);
    expect(await sections({ academicYearId: fixture.pastYearId, gradeId: grade8.id })).toEqual([]);
    // Unknown or malformed years and grades match nothing (not an error).
    expect(await sections({ academicYearId: '00000000-0000-4000-8000-000000000000' })).toEqual([]);
    expect(await sections({ academicYearId: 'not-a-uuid' })).toEqual([]);
    expect(await sections({ gradeId: '00000000-0000-4000-8000-000000000000' })).toEqual([]);

    // Grade.sections defaults to the current year too.
    const viaGrade = async (academicYearId?: string) =>
      (
        await query<{ grade: { sections: { id: string; name: string }[] } }>(
          stack,
          GRADE_SECTIONS,
          { id: grade7.id, academicYearId },
          school.schoolId,
        )
      ).grade.sections;
    expect(await viaGrade()).toEqual([
      { id: current7[0]?.id, name: 'A' },
      { id: current7[1]?.id, name: 'B' },
      { id: current7[2]?.id, name: 'C' },
    ]);
    expect(await viaGrade(fixture.pastYearId)).toEqual([{ id: fixture.pastSectionId, name: 'A' }]);
  });

  it('pages forward through a section roster with cursors and a total count', async () => {
    const all = await db().enrolment.findMany({
      where: { sectionId: fixture.rosterSectionId },
      orderBy: [{ rollNumber: 'asc' }, { id: 'asc' }],
    });
    expect(all).toHaveLength(13);

    const seen: string[] = [];
    const flags: [boolean, boolean][] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 10; guard++) {
      const page: RosterPage = await roster({ first: 4, after, status: null });
      expect(page.totalCount).toBe(13);
      seen.push(...page.edges.map((edge) => edge.node.id));
      flags.push([page.pageInfo.hasPreviousPage, page.pageInfo.hasNextPage]);
      expect(page.pageInfo.startCursor).toBe(page.edges[0]?.cursor ?? null);
      expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)?.cursor ?? null);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(all.map((row) => row.id));
    expect(flags).toEqual([
      [false, true],
      [true, true],
      [true, true],
      [true, false],
    ]);
  });

  it('pages backward from the end of the roster', async () => {
    const active = await db().enrolment.findMany({
      where: { sectionId: fixture.rosterSectionId, status: 'ACTIVE' },
      orderBy: [{ rollNumber: 'asc' }, { id: 'asc' }],
    });
    expect(active).toHaveLength(10);

    const pages: string[][] = [];
    const flags: [boolean, boolean][] = [];
    let before: string | null = null;
    for (let guard = 0; guard < 10; guard++) {
      const page: RosterPage = await roster({ last: 4, before, status: 'ACTIVE' });
      expect(page.totalCount).toBe(10);
      pages.push(page.edges.map((edge) => edge.node.id));
      flags.push([page.pageInfo.hasPreviousPage, page.pageInfo.hasNextPage]);
      if (!page.pageInfo.hasPreviousPage) break;
      before = page.pageInfo.startCursor;
    }
    // Each page is in roster order; together, last page first, they are the whole list.
    expect(pages.map((page) => page.length)).toEqual([4, 4, 2]);
    expect(pages.reverse().flat()).toEqual(active.map((row) => row.id));
    expect(flags).toEqual([
      [true, false],
      [true, true],
      [false, true],
    ]);
  });

  it('lists only ACTIVE enrolments unless asked for a status or for every status', async () => {
    const counts = await db().enrolment.groupBy({
      by: ['status'],
      where: { sectionId: fixture.rosterSectionId },
      _count: true,
    });
    const countOf = (status: string) => counts.find((row) => row.status === status)?._count ?? 0;
    expect([countOf('ACTIVE'), countOf('WITHDRAWN'), countOf('TRANSFERRED')]).toEqual([10, 2, 1]);

    const byDefault = (
      await query<{ section: { enrolments: { totalCount: number; edges: { node: { status: string } }[] } } }>(
        stack,
        ROSTER_DEFAULT_STATUS,
        { id: fixture.rosterSectionId, first: 100 },
        school.schoolId,
      )
    ).section.enrolments;
    expect(byDefault.totalCount).toBe(10);
    expect(new Set(byDefault.edges.map((edge) => edge.node.status))).toEqual(new Set(['ACTIVE']));

    const withdrawn = await roster({ first: 100, status: 'WITHDRAWN' });
    expect(withdrawn.totalCount).toBe(2);
    expect(withdrawn.edges.map((edge) => edge.node.status)).toEqual(['WITHDRAWN', 'WITHDRAWN']);
    expect(withdrawn.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: false });

    const every = await roster({ first: 100, status: null });
    expect(every.totalCount).toBe(13);
    expect(every.edges.map((edge) => edge.node.rollNumber)).toEqual(
      [...every.edges.map((edge) => edge.node.rollNumber)].sort((a, b) => a - b),
    );
  });

  it('refuses page requests it cannot honour', async () => {
    const run = (variables: Record<string, unknown>) =>
      errorCodes(stack, ROSTER, { id: fixture.rosterSectionId, ...variables }, school.schoolId);
    expect(await run({ first: 2, last: 2 })).toEqual(['BAD_USER_INPUT']);
    expect(await run({ first: 101 })).toEqual(['BAD_USER_INPUT']);
    expect(await run({ first: -1 })).toEqual(['BAD_USER_INPUT']);
    expect(await run({ first: 2, after: 'not-a-cursor' })).toEqual(['BAD_USER_INPUT']);
    expect(await run({ last: 2, after: 'not-a-cursor' })).toEqual(['BAD_USER_INPUT']);
  });

  it('nests grading periods under terms, in order, and opens posting only inside the window', async () => {
    const data = await query<{
      academicYear: {
        terms: {
          id: string;
          name: string;
          periods: { id: string; name: string; position: number; parentTerm: { id: string } }[];
        }[];
      };
      term: {
        periods: {
          name: string;
          position: number;
          postingOpensAt: string | null;
          postingClosesAt: string | null;
          isPostingOpen: boolean;
        }[];
      };
    }>(stack, TERMS, { yearId: school.academicYearId, termId: fixture.pastTermId }, school.schoolId);

    const rows = await db().term.findMany({
      where: { academicYearId: school.academicYearId },
      orderBy: [{ position: 'asc' }, { startsOn: 'asc' }],
    });
    const terms = rows.filter((row) => row.parentTermId === null);
    expect(data.academicYear.terms).toEqual(
      terms.map((term) => ({
        id: term.id,
        name: term.name,
        periods: rows
          .filter((row) => row.parentTermId === term.id)
          .map((row) => ({
            id: row.id,
            name: row.name,
            position: row.position,
            parentTerm: { id: term.id },
          })),
      })),
    );
    expect(data.academicYear.terms.map((term) => term.periods.length)).toEqual([2, 2, 2]);

    expect(data.term.periods).toEqual(
      fixture.windows.map((window, index) => ({
        name: window.name,
        position: index + 1,
        postingOpensAt: window.postingOpensAt?.toISOString() ?? null,
        postingClosesAt: window.postingClosesAt?.toISOString() ?? null,
        isPostingOpen: window.open,
      })),
    );
  });
});
