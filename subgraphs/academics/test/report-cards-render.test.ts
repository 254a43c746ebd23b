// The report card renderer is a pure function (data → PDF bytes): checked by reading the PDF back
// with pdf-parse, as a parent's PDF viewer would.
import { PDFParse } from 'pdf-parse';
import { describe, expect, it } from 'vitest';
import { DEFAULT_GRADING_SCALE } from '../src/services/grading-scale.js';
import { renderReportCard, type ReportCardDocument } from '../src/services/report-cards/render.js';
import { tinyPng } from './png.js';

async function pdfText(pdf: Buffer): Promise<{ text: string; pages: number }> {
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    const result = await parser.getText();
    return { text: result.text, pages: result.total };
  } finally {
    await parser.destroy();
  }
}

const card = (overrides: Partial<ReportCardDocument> = {}): ReportCardDocument => ({
  school: { name: 'Greenwood Public School', logo: null },
  student: { name: 'Asha Kulkarni', admissionNumber: 'ADM-0042', rollNumber: 7 },
  section: '7-B',
  term: { name: 'Term 2', startsOn: new Date('2026-08-01'), endsOn: new Date('2026-11-30') },
  academicYear: '2026-27',
  subjects: [
    {
      subjectId: 'a',
      subjectName: 'Mathematics',
      percentage: 93.5,
      label: 'A+',
      gradePoints: 10,
      overridden: false,
    },
    { subjectId: 'b', subjectName: 'Science', percentage: 68, label: 'B', gradePoints: 7, overridden: true },
    {
      subjectId: 'c',
      subjectName: 'Art',
      percentage: null,
      label: null,
      gradePoints: null,
      overridden: false,
    },
  ],
  attendance: { sessions: 8, present: 6, absent: 2, late: 1, rate: 0.75 },
  generalRemark: 'Asha asks sharp questions and helps her classmates.',
  subjectRemarks: [{ subjectName: 'Science', text: 'Revise the chapter on light.' }],
  legend: [...DEFAULT_GRADING_SCALE.bands],
  generatedAt: new Date('2026-12-01T10:00:00Z'),
  ...overrides,
});

describe('renderReportCard', () => {
  it('prints the school, the student, every subject with its grade, the attendance, the remarks and the scale', async () => {
    const pdf = await renderReportCard(card());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const { text, pages } = await pdfText(pdf);
    expect(pages).toBe(1);
    for (const expected of [
      'Greenwood Public School',
      'Asha Kulkarni',
      'ADM-0042',
      '7-B, roll 7',
      'Term 2 (2026-08-01 to 2026-11-30)',
      '2026-27',
      'Mathematics',
      '93.5 %',
      'A+',
      'Science',
      '68 %',
      'B',
      'Art',
      'Attendance: 75 % — present 6, absent 2, late 1 of 8 sessions',
      'Asha asks sharp questions and helps her classmates.',
      'Science: Revise the chapter on light.',
      '* grade overridden by the teacher',
      'A+: 90–100 %, 10 pts',
      'E: 0–39 %',
      'Term percentages by subject',
    ])
      expect(text).toContain(expected);
  });

  it('says so when there are no grades, no sessions and no remark, and draws no chart', async () => {
    const { text } = await pdfText(
      await renderReportCard(
        card({
          subjects: [],
          attendance: { sessions: 0, present: 0, absent: 0, late: 0, rate: null },
          generalRemark: null,
          subjectRemarks: [],
        }),
      ),
    );
    expect(text).toContain('No grades recorded for this term.');
    expect(text).toContain('Attendance: no sessions recorded');
    expect(text).toContain('No remark from the class teacher.');
    expect(text).not.toContain('Term percentages by subject');
    expect(text).not.toContain('overridden');
  });

  it('embeds the school logo when there is one, and falls back to the text header when it is not an image', async () => {
    const plain = await renderReportCard(card());
    const withLogo = await renderReportCard(
      card({ school: { name: 'Greenwood Public School', logo: tinyPng() } }),
    );
    expect(withLogo.toString('latin1')).toContain('/Subtype /Image');
    expect(plain.toString('latin1')).not.toContain('/Subtype /Image');
    expect((await pdfText(withLogo)).text).toContain('Greenwood Public School');
    const broken = await renderReportCard(
      card({ school: { name: 'Greenwood Public School', logo: Buffer.from('not an image') } }),
    );
    expect((await pdfText(broken)).text).toContain('Greenwood Public School');
  });

  it('flows long remarks onto a second page rather than cutting them', async () => {
    const remark = 'Works steadily and reads widely. '.repeat(60).trim();
    const { text, pages } = await pdfText(await renderReportCard(card({ generalRemark: remark })));
    expect(pages).toBeGreaterThanOrEqual(1);
    expect(text.replace(/\s+/g, ' ')).toContain(remark.slice(-200));
  });
});
