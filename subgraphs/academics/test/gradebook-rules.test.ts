// The gradebook's rules as pure functions: time alone moves work from NOT_DUE to MISSING and releases
// quiz results (so cached facts stay right without a write), bands and labels from a scale.
import { describe, expect, it } from 'vitest';
import { bandOf, parseBands } from '../src/services/grading-scale.js';
import {
  cellOf,
  computeGradebook,
  finalGrade,
  yearGrade,
  type GradebookFacts,
} from '../src/services/gradebook-rules.js';

const at = (iso: string) => new Date(iso);
const homework = {
  kind: 'HOMEWORK' as const,
  id: 'h',
  sectionId: 's',
  subjectId: 'x',
  title: 'H',
  maxPoints: 10,
  dueAt: at('2026-12-10T10:00:00Z'),
  countsFrom: new Date(0),
};

describe('gradebook rules', () => {
  it('turns work from NOT_DUE into MISSING when its due time passes, with no write', () => {
    expect(cellOf(homework, undefined, false, true, at('2026-12-10T09:59:59Z'))).toEqual({
      status: 'NOT_DUE',
      points: null,
      counts: false,
    });
    expect(cellOf(homework, undefined, false, true, at('2026-12-10T10:00:00Z'))).toEqual({
      status: 'MISSING',
      points: null,
      counts: true,
    });
  });

  it('holds a quiz released after its close as PENDING until then, and counts it from then on', () => {
    const quiz = { ...homework, kind: 'QUIZ' as const, countsFrom: homework.dueAt };
    const result = {
      kind: 'QUIZ' as const,
      assessmentId: 'h',
      studentId: 'p',
      points: 7,
      isLate: false,
      isAbsent: false,
    };
    expect(cellOf(quiz, result, false, true, at('2026-12-09T00:00:00Z')).status).toBe('PENDING');
    expect(cellOf(quiz, result, false, true, at('2026-12-11T00:00:00Z'))).toEqual({
      status: 'GRADED',
      points: 7,
      counts: true,
    });
    // Never released (MANUAL, not yet): nothing counts, not even a quiz not taken.
    expect(
      cellOf({ ...quiz, countsFrom: null }, undefined, false, true, at('2027-01-01T00:00:00Z')).status,
    ).toBe('PENDING');
  });

  it('leaves out work due while the student was not enrolled', () => {
    const facts: GradebookFacts = {
      sectionId: 's',
      subjectId: 'x',
      termId: 't',
      assessments: [homework],
      results: [],
      excused: [],
      roster: [{ sectionId: 's', studentId: 'p', rollNumber: 1, startsOn: at('2026-12-11'), endsOn: null }],
      categories: [],
      mappings: [],
      overrides: [],
    };
    const row = computeGradebook(facts, at('2026-12-20T00:00:00Z')).rows[0];
    expect(row?.cells[0]?.status).toBe('NOT_ENROLLED');
    expect(row?.percentage).toBeNull();
  });

  it('labels by the band of the percentage; an override label brings its own grade points', () => {
    const parsed = parseBands(
      [
        { minPercent: 0, label: 'F', gradePoints: 0 },
        { minPercent: 59.5, label: 'P', gradePoints: 2 },
        { minPercent: 90, label: 'D', gradePoints: 4 },
      ],
      ['input', 'bands'],
    );
    if (!('bands' in parsed)) throw new Error('valid bands were refused');
    expect(parsed.bands.map((band) => band.label)).toEqual(['D', 'P', 'F']);
    expect(bandOf(parsed.bands, 59.49)?.label).toBe('F');
    expect(bandOf(parsed.bands, 59.5)?.label).toBe('P');
    expect(bandOf(parsed.bands, 100)?.label).toBe('D');
    expect(finalGrade(40, { label: 'D', percentage: null }, parsed.bands)).toEqual({
      percentage: 40,
      label: 'D',
      gradePoints: 4,
      overridden: true,
    });
    expect(yearGrade([80, null, 61], parsed.bands)).toEqual({
      percentage: 70.5,
      label: 'P',
      gradePoints: 2,
      overridden: false,
    });
  });
});
