import PDFDocument from 'pdfkit';
import { isoDay } from '../structure-rules.js';
import type { GradingScaleBand, SubjectTermGrade } from './term-grades-source.js';

/** Everything one report card shows, already read and authorized: rendering is data → bytes. */
export interface ReportCardDocument {
  school: { name: string; logo: Uint8Array | null };
  student: { name: string; admissionNumber: string; rollNumber: number | null };
  /** e.g. `Grade 7 – A`. */
  section: string;
  term: { name: string; startsOn: Date; endsOn: Date };
  academicYear: string;
  subjects: readonly SubjectTermGrade[];
  attendance: AttendanceLine;
  /** The class teacher's general remark, or null. */
  generalRemark: string | null;
  subjectRemarks: readonly { subjectName: string; text: string }[];
  legend: readonly GradingScaleBand[];
  generatedAt: Date;
}

export interface AttendanceLine {
  sessions: number;
  present: number;
  absent: number;
  late: number;
  /** 0–1, or null without sessions. */
  rate: number | null;
}

const MARGIN = 50;
const WIDTH = 595.28 - 2 * MARGIN;
const INK = '#1f2933';
const MUTED = '#616e7c';
const RULE = '#cbd2d9';
const ACCENT = '#2f6f9f';

/** `93.5 %`, or an en dash for nothing. */
export const formatPercent = (value: number | null) =>
  value === null ? '–' : `${Number.isInteger(value) ? value : value.toFixed(1)} %`;

export function attendanceText(line: AttendanceLine): string {
  const rate = line.rate === null ? 'no sessions recorded' : formatPercent(Math.round(line.rate * 1000) / 10);
  return `Attendance: ${rate} — present ${line.present}, absent ${line.absent}, late ${line.late} of ${line.sessions} sessions`;
}

/**
 * One A4 report card as PDF bytes. Pure: the same document gives the same layout, nothing is read
 * from anywhere else (the logo comes in as bytes). Only PDF's standard fonts are used (no font files),
 * so text is limited to their Latin character set.
 */
export function renderReportCard(card: ReportCardDocument): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    info: {
      Title: `Report card — ${card.student.name} — ${card.term.name}`,
      Author: card.school.name,
      CreationDate: card.generatedAt,
    },
  });
  const chunks: Buffer[] = [];
  const bytes = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  header(doc, card);
  studentBlock(doc, card);
  subjectTable(doc, card.subjects);
  doc.moveDown(0.8);
  doc.font('Helvetica-Bold').fontSize(11).fillColor(INK).text('Attendance', MARGIN);
  doc.font('Helvetica').fontSize(10).text(attendanceText(card.attendance), MARGIN);
  doc.moveDown(0.8);
  progressChart(doc, card.subjects);
  remarks(doc, card);
  legend(doc, card.legend);
  doc
    .font('Helvetica')
    .fontSize(8)
    .fillColor(MUTED)
    .text(`Generated ${card.generatedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`, MARGIN);
  doc.end();
  return bytes;
}

function header(doc: PDFKit.PDFDocument, card: ReportCardDocument): void {
  const top = doc.y;
  let textLeft = MARGIN;
  if (card.school.logo) {
    try {
      doc.image(Buffer.from(card.school.logo), MARGIN, top, { fit: [56, 56] });
      textLeft = MARGIN + 68;
    } catch {
      // Not a PNG or JPEG pdfkit can read: the text header alone.
    }
  }
  doc
    .font('Helvetica-Bold')
    .fontSize(18)
    .fillColor(INK)
    .text(card.school.name, textLeft, top + 6, { width: WIDTH - (textLeft - MARGIN) });
  doc.font('Helvetica').fontSize(11).fillColor(MUTED).text('Report card', textLeft);
  doc.y = Math.max(doc.y, top + 60);
  rule(doc);
}

function studentBlock(doc: PDFKit.PDFDocument, card: ReportCardDocument): void {
  const rows: [string, string][] = [
    ['Student', card.student.name],
    ['Admission number', card.student.admissionNumber],
    ['Section', card.section + (card.student.rollNumber === null ? '' : `, roll ${card.student.rollNumber}`)],
    ['Term', `${card.term.name} (${isoDay(card.term.startsOn)} to ${isoDay(card.term.endsOn)})`],
    ['Academic year', card.academicYear],
  ];
  for (const [label, value] of rows) {
    const y = doc.y;
    doc.font('Helvetica').fontSize(10).fillColor(MUTED).text(label, MARGIN, y, { width: 120 });
    doc
      .font('Helvetica-Bold')
      .fillColor(INK)
      .text(value, MARGIN + 120, y, { width: WIDTH - 120 });
  }
  doc.moveDown(0.5);
  rule(doc);
}

const COLUMNS = [
  { title: 'Subject', width: 215, align: 'left' },
  { title: 'Percentage', width: 90, align: 'right' },
  { title: 'Grade', width: 70, align: 'right' },
  { title: 'Grade points', width: 90, align: 'right' },
  { title: '', width: 30, align: 'left' },
] as const;

function subjectTable(doc: PDFKit.PDFDocument, subjects: readonly SubjectTermGrade[]): void {
  doc.font('Helvetica-Bold').fontSize(11).fillColor(INK).text('Subjects', MARGIN);
  doc.moveDown(0.3);
  const row = (cells: readonly string[], bold: boolean) => {
    const y = doc.y;
    let x = MARGIN;
    doc
      .font(bold ? 'Helvetica-Bold' : 'Helvetica')
      .fontSize(10)
      .fillColor(INK);
    let bottom = y;
    for (const [index, column] of COLUMNS.entries()) {
      doc.text(cells[index] ?? '', x, y, { width: column.width - 6, align: column.align });
      bottom = Math.max(bottom, doc.y);
      x += column.width;
    }
    doc.y = bottom + 3;
    doc
      .moveTo(MARGIN, doc.y - 1)
      .lineTo(MARGIN + WIDTH, doc.y - 1)
      .lineWidth(0.5)
      .strokeColor(RULE)
      .stroke();
  };
  row(
    COLUMNS.map((column) => column.title),
    true,
  );
  if (subjects.length === 0) {
    doc.font('Helvetica').fontSize(10).fillColor(MUTED).text('No grades recorded for this term.', MARGIN);
    return;
  }
  for (const subject of subjects)
    row(
      [
        subject.subjectName,
        formatPercent(subject.percentage),
        subject.label ?? '–',
        subject.gradePoints === null ? '–' : String(subject.gradePoints),
        subject.overridden ? '*' : '',
      ],
      false,
    );
  if (subjects.some((subject) => subject.overridden))
    doc.font('Helvetica').fontSize(8).fillColor(MUTED).text('* grade overridden by the teacher', MARGIN);
}

/** Bars of the term percentage per subject, drawn with vector primitives (0–100 % axis). */
function progressChart(doc: PDFKit.PDFDocument, subjects: readonly SubjectTermGrade[]): void {
  const graded = subjects.filter(
    (subject): subject is SubjectTermGrade & { percentage: number } => subject.percentage !== null,
  );
  if (graded.length === 0) return;
  const height = 110;
  if (doc.y + height + 60 > doc.page.height - MARGIN) doc.addPage();
  doc.font('Helvetica-Bold').fontSize(11).fillColor(INK).text('Term percentages by subject', MARGIN);
  const top = doc.y + 8;
  const left = MARGIN + 30;
  const plotWidth = WIDTH - 30;
  const bottom = top + height;
  doc.lineWidth(0.5).strokeColor(RULE);
  for (const tick of [0, 25, 50, 75, 100]) {
    const y = bottom - (tick / 100) * height;
    doc
      .moveTo(left, y)
      .lineTo(left + plotWidth, y)
      .stroke();
    doc
      .font('Helvetica')
      .fontSize(7)
      .fillColor(MUTED)
      .text(String(tick), MARGIN, y - 3, { width: 24, align: 'right' });
  }
  const slot = plotWidth / graded.length;
  const barWidth = Math.min(36, slot * 0.6);
  for (const [index, subject] of graded.entries()) {
    const value = Math.max(0, Math.min(100, subject.percentage));
    const barHeight = (value / 100) * height;
    const x = left + index * slot + (slot - barWidth) / 2;
    doc.rect(x, bottom - barHeight, barWidth, barHeight).fill(ACCENT);
    doc
      .font('Helvetica')
      .fontSize(7)
      .fillColor(INK)
      .text(abbreviate(subject.subjectName), left + index * slot, bottom + 3, {
        width: slot,
        align: 'center',
        lineBreak: false,
        height: 10,
      });
  }
  doc.y = bottom + 18;
  doc.x = MARGIN;
}

const abbreviate = (name: string) => (name.length <= 12 ? name : `${name.slice(0, 11)}.`);

function remarks(doc: PDFKit.PDFDocument, card: ReportCardDocument): void {
  doc.font('Helvetica-Bold').fontSize(11).fillColor(INK).text('Remarks', MARGIN);
  doc
    .font('Helvetica')
    .fontSize(10)
    .fillColor(card.generalRemark ? INK : MUTED)
    .text(card.generalRemark ?? 'No remark from the class teacher.', MARGIN, doc.y, { width: WIDTH });
  for (const remark of card.subjectRemarks) {
    doc.moveDown(0.3);
    doc.font('Helvetica-Bold').fontSize(10).fillColor(INK).text(`${remark.subjectName}: `, MARGIN, doc.y, {
      continued: true,
    });
    doc.font('Helvetica').text(remark.text, { width: WIDTH });
  }
  doc.moveDown(0.8);
}

function legend(doc: PDFKit.PDFDocument, bands: readonly GradingScaleBand[]): void {
  if (bands.length === 0) return;
  doc.font('Helvetica-Bold').fontSize(9).fillColor(INK).text('Grading scale', MARGIN);
  const parts = bands.map((band, index) => {
    const upper = index === 0 ? 100 : (bands[index - 1]?.minPercent ?? 100) - 1;
    const points = band.gradePoints === null ? '' : `, ${band.gradePoints} pts`;
    return `${band.label}: ${band.minPercent}–${upper} %${points}`;
  });
  doc.font('Helvetica').fontSize(8).fillColor(MUTED).text(parts.join('   '), MARGIN, doc.y, { width: WIDTH });
  doc.moveDown(0.8);
}

function rule(doc: PDFKit.PDFDocument): void {
  doc.moveDown(0.4);
  doc
    .moveTo(MARGIN, doc.y)
    .lineTo(MARGIN + WIDTH, doc.y)
    .lineWidth(1)
    .strokeColor(RULE)
    .stroke();
  doc.moveDown(0.6);
}
