import { receiveCaseRequestSchema } from '../receive-case/receive-case.request';
import { fileGridReportRequestSchema } from './file-grid-report.request';

const pathsOf = (result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }): string[] =>
  (result.error?.issues ?? []).map((issue) => issue.path.join('.'));

describe('fileGridReportRequestSchema', () => {
  it('files with optional class, component and note, and rejects only with a reason and an explanation', () => {
    expect(fileGridReportRequestSchema.safeParse({ decision: 'file' }).success).toBe(true);
    expect(fileGridReportRequestSchema.safeParse({ decision: 'file', eventClass: '01-02', componentCode: '1101050101000001', note: '属实' }).success).toBe(true);
    expect(fileGridReportRequestSchema.safeParse({ decision: 'reject', reason: 'duplicate', explanation: '重复上报' }).success).toBe(true);
  });

  it('lists every misplaced or missing field', () => {
    expect(pathsOf(fileGridReportRequestSchema.safeParse({ decision: 'reject', componentCode: '1101050101000001' }))).toEqual(
      expect.arrayContaining(['reason', 'explanation', 'componentCode']),
    );
    expect(pathsOf(fileGridReportRequestSchema.safeParse({ decision: 'file', reason: 'other', explanation: 'x' }))).toEqual(['reason', 'explanation']);
    expect(pathsOf(fileGridReportRequestSchema.safeParse({ decision: 'maybe', reason: 'lost' }))).toEqual(expect.arrayContaining(['decision', 'reason']));
  });
});

describe('receiveCaseRequestSchema on the grid channel', () => {
  const report = { type: 'report', channel: 'grid', description: '井盖破损' };

  it('needs an event class or a component code on channel grid, and takes neither elsewhere', () => {
    expect(receiveCaseRequestSchema.safeParse({ ...report, gridEventClass: '0101' }).success).toBe(true);
    expect(pathsOf(receiveCaseRequestSchema.safeParse(report))).toEqual(['gridEventClass']);
    expect(pathsOf(receiveCaseRequestSchema.safeParse({ ...report, channel: 'phone', componentCode: '1101050101000001', gridEventClass: '0101' }))).toEqual([
      'gridEventClass',
      'componentCode',
    ]);
    expect(pathsOf(receiveCaseRequestSchema.safeParse({ ...report, componentCode: '12', gridEventClass: 'abc' }))).toEqual(
      expect.arrayContaining(['componentCode', 'gridEventClass']),
    );
  });
});
