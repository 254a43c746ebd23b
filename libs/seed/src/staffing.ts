/** One subject taught to one section: the thing a TeachingAssignment records. */
export interface TeachingUnit {
  sectionIndex: number;
  subject: string;
  periods: number;
}

/**
 * Splits the teaching units (ordered by subject in staff-room order, then by class) among
 * `teacherCount` teachers, returning one list per teacher:
 *
 * - every unit goes to exactly one teacher;
 * - a teacher takes a contiguous run of the list, so teaches neighbouring classes and at most two
 *   (related) subjects, unless there are too few teachers for that (fewer than half the subjects);
 * - the weekly load is as even as that allows: the smallest per-teacher cap that fits.
 *
 * Teachers beyond what can be split (more teachers than units) get an empty list.
 */
export function allocateTeachers(units: readonly TeachingUnit[], teacherCount: number): TeachingUnit[][] {
  if (teacherCount < 1) throw new RangeError('teacherCount must be at least 1');
  if (units.length === 0) return Array.from({ length: teacherCount }, () => []);
  const total = units.reduce((sum, unit) => sum + unit.periods, 0);
  const largest = Math.max(...units.map((unit) => unit.periods));
  const maxSubjects = pack(units, total, 2).length <= teacherCount ? 2 : Number.POSITIVE_INFINITY;
  let capacity = Math.max(largest, Math.ceil(total / teacherCount));
  let groups = pack(units, capacity, maxSubjects);
  while (groups.length > teacherCount) groups = pack(units, ++capacity, maxSubjects);

  // Fewer groups than teachers: give each spare teacher half of the busiest teacher's largest class
  // list, so nobody is idle while someone else is overloaded.
  while (groups.length < teacherCount) {
    let best = -1;
    let bestLoad = -1;
    groups.forEach((group, index) => {
      const groupLoad = load(group);
      if (groupLoad > bestLoad && largestSubjectRun(group).length >= 2) {
        best = index;
        bestLoad = groupLoad;
      }
    });
    const source = groups[best];
    if (!source) {
      groups.push([]);
      continue;
    }
    const run = largestSubjectRun(source);
    const moved = new Set(run.slice(Math.ceil(run.length / 2)));
    groups.splice(
      best,
      1,
      source.filter((unit) => !moved.has(unit)),
      [...moved],
    );
  }
  return groups;
}

/** Greedy contiguous packing with a per-teacher period cap and a cap on distinct subjects. */
function pack(units: readonly TeachingUnit[], capacity: number, maxSubjects: number): TeachingUnit[][] {
  const groups: TeachingUnit[][] = [];
  let current: TeachingUnit[] = [];
  let periods = 0;
  const subjects = new Set<string>();
  for (const unit of units) {
    const newSubject = !subjects.has(unit.subject);
    if (
      current.length > 0 &&
      (periods + unit.periods > capacity || (newSubject && subjects.size >= maxSubjects))
    ) {
      groups.push(current);
      current = [];
      periods = 0;
      subjects.clear();
    }
    current.push(unit);
    periods += unit.periods;
    subjects.add(unit.subject);
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

function load(group: readonly TeachingUnit[]): number {
  return group.reduce((sum, unit) => sum + unit.periods, 0);
}

function largestSubjectRun(group: readonly TeachingUnit[]): TeachingUnit[] {
  const bySubject = new Map<string, TeachingUnit[]>();
  for (const unit of group) {
    const run = bySubject.get(unit.subject);
    if (run) run.push(unit);
    else bySubject.set(unit.subject, [unit]);
  }
  let largest: TeachingUnit[] = [];
  for (const run of bySubject.values()) if (run.length > largest.length) largest = run;
  return largest;
}
