import { describe, expect, it } from 'vitest';
import { applyLatePolicy, daysLate, isPastLateCutoff, parseLatePolicy } from '../src/services/late-policy.js';

const HOUR = 3_600_000;
const due = new Date('2026-11-10T12:00:00.000Z');
const at = (hours: number) => new Date(due.getTime() + hours * HOUR);
const policy = { dueAt: due, latePenaltyPercentPerDay: 10, latePenaltyMaxPercent: 25 };

describe('late policy', () => {
  it('counts started days after the current due time, and none for work on time', () => {
    expect(daysLate(policy, { submittedAt: at(-1), isLate: false })).toBe(0);
    expect(daysLate(policy, { submittedAt: at(0.01), isLate: true })).toBe(1);
    expect(daysLate(policy, { submittedAt: at(24), isLate: true })).toBe(1);
    expect(daysLate(policy, { submittedAt: at(24.5), isLate: true })).toBe(2);
    // Flagged against an earlier due time, before the current one: no days late.
    expect(daysLate(policy, { submittedAt: at(-5), isLate: true })).toBe(0);
  });

  it('takes the percent per day off, capped, to the nearest whole point', () => {
    expect(applyLatePolicy(policy, { submittedAt: at(-1), isLate: false }, 17)).toEqual({
      latePenaltyPercent: 0,
      points: 17,
    });
    expect(applyLatePolicy(policy, { submittedAt: at(30), isLate: true }, 15)).toEqual({
      latePenaltyPercent: 20,
      points: 12,
    });
    // 7 × 90 % = 6.3 → 6; 5 × 90 % = 4.5 → 5 (halves up).
    expect(applyLatePolicy(policy, { submittedAt: at(2), isLate: true }, 7).points).toBe(6);
    expect(applyLatePolicy(policy, { submittedAt: at(2), isLate: true }, 5).points).toBe(5);
    expect(applyLatePolicy(policy, { submittedAt: at(24 * 9), isLate: true }, 20)).toEqual({
      latePenaltyPercent: 25,
      points: 15,
    });
  });

  it('closes submissions after the cutoff only', () => {
    const homework = { dueAt: due, lateCutoffDays: 2 };
    expect(isPastLateCutoff(homework, at(47))).toBe(false);
    expect(isPastLateCutoff(homework, at(49))).toBe(true);
    expect(isPastLateCutoff({ dueAt: due, lateCutoffDays: null }, at(24 * 400))).toBe(false);
  });

  it('refuses percents and cutoffs out of range, naming each field', () => {
    expect(parseLatePolicy({ penaltyPercentPerDay: 10 }, ['p'])).toEqual({
      columns: { latePenaltyPercentPerDay: 10, latePenaltyMaxPercent: 100, lateCutoffDays: null },
    });
    const bad = parseLatePolicy({ penaltyPercentPerDay: -1, maxPenaltyPercent: 101, cutoffDays: 0 }, ['p']);
    expect('problems' in bad && bad.problems.map((problem) => problem.field?.join('.'))).toEqual([
      'p.penaltyPercentPerDay',
      'p.maxPenaltyPercent',
      'p.cutoffDays',
    ]);
  });
});
