/*
 * The bell schedule, rooms and a clash-free weekly timetable. Lessons are edges between a section and
 * a teacher; giving each a slot (weekday x period) so that no section or teacher has two in one slot
 * is edge-colouring a bipartite multigraph, which always succeeds with as many slots as the busiest
 * section or teacher has lessons (König). Each edge takes a slot free at both ends, or frees one by
 * swapping two slots along an alternating path (a Kempe chain). Only a teacher (or section) with
 * more lessons than slots leaves lessons out; they are counted in `unplacedLessons`. Rooms are each
 * section's home room, or a subject room (lab, ground) when it is free in that slot.
 */
import type { Prisma } from '@schools24/db';
import { isSchoolDay, isoWeekday, nextSchoolDay, SCHOOL_WEEKDAYS } from './calendar.js';
import type { TermContext } from './context.js';

/** The default day (weekday 0) of the bell schedule: eight periods with a break and lunch. */
export const BELL_PERIODS = [
  { number: 1, start: '08:00', end: '08:40' },
  { number: 2, start: '08:40', end: '09:20' },
  { number: 3, start: '09:20', end: '10:00' },
  { number: 4, start: '10:20', end: '11:00' },
  { number: 5, start: '11:00', end: '11:40' },
  { number: 6, start: '12:20', end: '13:00' },
  { number: 7, start: '13:00', end: '13:40' },
  { number: 8, start: '13:40', end: '14:20' },
] as const;

export const minutesOf = (clock: string): number => {
  const [hours, minutes] = clock.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
};

/** Subject rooms, tried in order; a lesson falls back to the home room when all are taken. */
const SUBJECT_ROOMS: Readonly<Record<string, readonly string[]>> = {
  COMP: ['Computer Lab 1', 'Computer Lab 2'],
  PHY: ['Physics Lab'],
  CHEM: ['Chemistry Lab'],
  BIO: ['Biology Lab'],
  SCI: ['Science Lab'],
  PE: ['Playground', 'Sports Hall'],
};

export interface TimetablePlan {
  bellPeriods: Prisma.BellPeriodCreateManyInput[];
  rooms: Prisma.RoomCreateManyInput[];
  entries: (Prisma.TimetableEntryCreateManyInput & { id: string })[];
  substitutions: Prisma.SubstitutionCreateManyInput[];
  unplacedLessons: number;
}

interface Edge {
  section: number;
  teacher: number;
  lesson: number;
  slot: number;
}

export function planTimetable(context: TermContext): TimetablePlan {
  const { schoolId, id } = context;
  const periodsPerDay = BELL_PERIODS.length;
  const slotCount = SCHOOL_WEEKDAYS.length * periodsPerDay;
  const bellPeriods = BELL_PERIODS.map((period) => ({
    id: id('bell-period', `0/${period.number}`),
    schoolId,
    weekday: 0,
    number: period.number,
    name: `Period ${period.number}`,
    startMinute: minutesOf(period.start),
    endMinute: minutesOf(period.end),
  }));

  // Vertices: sections 0..S-1, teachers S..S+T-1. `busy[vertex][slot]` is the edge in that slot.
  const teacherIndex = new Map(context.teacherIds.map((teacherId, index) => [teacherId, index]));
  const sectionCount = context.sections.length;
  const vertexCount = sectionCount + context.teacherIds.length;
  const busy: (number | undefined)[][] = Array.from({ length: vertexCount }, () => new Array(slotCount));
  const edges: Edge[] = [];
  // Interleave the lessons (one period of every unit, then the second, ...) so that each subject's
  // periods spread over the week.
  const maxPeriods = Math.max(0, ...context.lessons.map((lesson) => lesson.periodsPerWeek));
  for (let round = 0; round < maxPeriods; round++) {
    context.lessons.forEach((lesson, lessonIndex) => {
      if (round >= lesson.periodsPerWeek) return;
      edges.push({
        section: lesson.sectionIndex,
        teacher: sectionCount + (teacherIndex.get(lesson.teacherId) ?? 0),
        lesson: lessonIndex,
        slot: -1,
      });
    });
  }
  const lessonDays = new Map<string, number>();
  const dayKey = (edge: Edge, slot: number) => `${edge.lesson}/${Math.floor(slot / periodsPerDay)}`;
  const freeAt = (vertex: number, slot: number) => busy[vertex]?.[slot] === undefined;
  const place = (edgeIndex: number, slot: number) => {
    const edge = edges[edgeIndex];
    if (!edge) return;
    edge.slot = slot;
    (busy[edge.section] ?? [])[slot] = edgeIndex;
    (busy[edge.teacher] ?? [])[slot] = edgeIndex;
  };
  const unplace = (edgeIndex: number) => {
    const edge = edges[edgeIndex];
    if (!edge) return;
    (busy[edge.section] ?? [])[edge.slot] = undefined;
    (busy[edge.teacher] ?? [])[edge.slot] = undefined;
  };
  // Slots in the order a lesson prefers them: days with fewest periods of this lesson first, then
  // a rotation so different sections start on different days.
  const preferred = (edge: Edge): number[] =>
    Array.from({ length: slotCount }, (_, slot) => slot).sort(
      (a, b) =>
        (lessonDays.get(dayKey(edge, a)) ?? 0) - (lessonDays.get(dayKey(edge, b)) ?? 0) ||
        ((a + edge.section * 3) % slotCount) - ((b + edge.section * 3) % slotCount),
    );
  let unplacedLessons = 0;
  edges.forEach((edge, edgeIndex) => {
    const order = preferred(edge);
    const both = order.find((slot) => freeAt(edge.section, slot) && freeAt(edge.teacher, slot));
    let slot = both;
    if (slot === undefined) {
      const a = order.find((candidate) => freeAt(edge.section, candidate));
      const b = order.find((candidate) => freeAt(edge.teacher, candidate));
      if (a === undefined || b === undefined) {
        unplacedLessons += 1;
        return;
      }
      // `a` is free at the section, taken at the teacher; `b` the reverse. Swap a/b along the path
      // from the teacher: afterwards `a` is free at both (bipartite: the path never reaches the section).
      const path: number[] = [];
      let vertex = edge.teacher;
      let color = a;
      for (;;) {
        const next = busy[vertex]?.[color];
        if (next === undefined) break;
        path.push(next);
        const along = edges[next];
        if (!along) break;
        vertex = along.section === vertex ? along.teacher : along.section;
        color = color === a ? b : a;
      }
      const swapped = path.map((pathEdge) => ({ pathEdge, slot: edges[pathEdge]?.slot === a ? b : a }));
      for (const { pathEdge } of swapped) {
        const moved = edges[pathEdge];
        if (moved)
          lessonDays.set(dayKey(moved, moved.slot), (lessonDays.get(dayKey(moved, moved.slot)) ?? 1) - 1);
        unplace(pathEdge);
      }
      for (const { pathEdge, slot: to } of swapped) {
        place(pathEdge, to);
        const moved = edges[pathEdge];
        if (moved) lessonDays.set(dayKey(moved, to), (lessonDays.get(dayKey(moved, to)) ?? 0) + 1);
      }
      slot = a;
    }
    place(edgeIndex, slot);
    lessonDays.set(dayKey(edge, slot), (lessonDays.get(dayKey(edge, slot)) ?? 0) + 1);
  });

  // Rooms: home rooms, then the subject rooms.
  const roomIds = new Map<string, string>();
  const rooms: Prisma.RoomCreateManyInput[] = [];
  const addRoom = (name: string, capacity: number) => {
    if (roomIds.has(name)) return;
    const roomId = id('room', name);
    roomIds.set(name, roomId);
    rooms.push({ id: roomId, schoolId, name, capacity });
  };
  const capacity = Math.max(40, ...context.sections.map((section) => section.students.length));
  for (const section of context.sections) addRoom(section.homeRoom, capacity);
  for (const names of Object.values(SUBJECT_ROOMS)) for (const name of names) addRoom(name, capacity);
  const roomTaken = new Set<string>();

  const entries: TimetablePlan['entries'] = [];
  const placed = edges
    .filter((edge) => edge.slot >= 0)
    .sort((a, b) => a.slot - b.slot || a.section - b.section);
  for (const edge of placed) {
    const lesson = context.lessons[edge.lesson];
    const section = context.sections[edge.section];
    if (!lesson || !section) continue;
    const weekday = Math.floor(edge.slot / periodsPerDay) + 1;
    const periodNumber = (edge.slot % periodsPerDay) + 1;
    const subjectRoom = (SUBJECT_ROOMS[lesson.subjectCode] ?? []).find(
      (name) => !roomTaken.has(`${name}/${edge.slot}`),
    );
    const roomName = subjectRoom ?? section.homeRoom;
    roomTaken.add(`${roomName}/${edge.slot}`);
    entries.push({
      id: id('timetable-entry', `${section.index}/${weekday}/${periodNumber}`),
      schoolId,
      academicYearId: context.academicYearId,
      termId: null,
      sectionId: section.id,
      weekday,
      periodNumber,
      subjectId: lesson.subjectId,
      teacherId: lesson.teacherId,
      roomId: roomIds.get(roomName) ?? null,
    });
  }

  return { bellPeriods, rooms, entries, substitutions: planSubstitutions(context, entries), unplacedLessons };
}

/**
 * Two substitutions on the next school day (today when it is one): another teacher covers one of the
 * demo teacher's lessons (COVERED in their day), and the demo teacher covers a colleague's lesson in
 * a free period (COVERING). Each substitute is free then, as createSubstitution requires.
 */
function planSubstitutions(
  context: TermContext,
  entries: TimetablePlan['entries'],
): Prisma.SubstitutionCreateManyInput[] {
  const day = nextSchoolDay(context.today);
  if (day > context.yearEndsOn || !isSchoolDay(day)) return [];
  const weekday = isoWeekday(day);
  const onDay = entries.filter((entry) => entry.weekday === weekday);
  const teaches = (teacherId: string, period: number) =>
    onDay.some((entry) => entry.teacherId === teacherId && entry.periodNumber === period);
  const demoTeacher = context.sample.teacherId;
  const substitutions: Prisma.SubstitutionCreateManyInput[] = [];
  const covering = new Set<string>();
  const add = (entry: TimetablePlan['entries'][number], substituteTeacherId: string, reason: string) => {
    covering.add(`${substituteTeacherId}/${entry.periodNumber}`);
    substitutions.push({
      id: context.id('substitution', `${entry.id}/${day.toISOString().slice(0, 10)}`),
      schoolId: context.schoolId,
      entryId: entry.id,
      date: day,
      substituteTeacherId,
      reason,
      createdByUserId: context.adminUserId,
    });
  };
  const covered = onDay.find((entry) => entry.teacherId === demoTeacher);
  const free = (teacherId: string, period: number) =>
    teacherId !== demoTeacher && !teaches(teacherId, period) && !covering.has(`${teacherId}/${period}`);
  if (covered) {
    const substitute = context.teacherIds.find((teacherId) => free(teacherId, covered.periodNumber));
    if (substitute) add(covered, substitute, 'Away at a CBSE board workshop in the morning');
  }
  const awayFrom = onDay.find(
    (entry) =>
      entry.teacherId !== demoTeacher &&
      entry.periodNumber !== covered?.periodNumber &&
      !teaches(demoTeacher, entry.periodNumber),
  );
  if (awayFrom) add(awayFrom, demoTeacher, 'Colleague on medical leave');
  return substitutions;
}
