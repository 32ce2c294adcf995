import { renderReportCsv, renderReportHtml, type MonthlyReport } from './monthly-report';
import type { AgencyScore } from './scoring';

const figure = (numerator: number, denominator: number) => ({ numerator, denominator, rate: denominator === 0 ? null : numerator / denominator });
const anAgency = (agencyId: string, name: string, score: number, rank: number): AgencyScore => ({
  agencyId,
  name,
  kind: 'street_office',
  score,
  rank,
  rankedAmong: 3,
  excludedCases: 0,
  figures: { response: figure(1, 1), resolution: figure(1, 2), satisfaction: figure(2, 2), on_time: figure(1, 1), return: figure(0, 1), rework: figure(0, 1), reopen: figure(0, 1), check_in: figure(0, 0) },
});

const report: MonthlyReport = {
  month: '2026-04',
  isClosed: true,
  agencies: [anAgency('street-c', 'C街道', 50, 3), anAgency('street-a', 'A<script>', 90, 1), anAgency('street-b', 'B, "east"', 70, 2)],
  lastPlacedCount: 1,
  topProblems: [{ category: 'noise', categoryName: '噪声扰民', districtCode: '110105', streetCode: '110105001', count: 4, previousCount: 1, change: 3, changeRate: 3, trend: 'up' }],
  adjustmentCount: 1,
};

describe('the monthly bulletin', () => {
  it('renders the ranking best first, names the last-placed unit, and escapes names in HTML', () => {
    const html = renderReportHtml(report);
    expect(html.indexOf('A&lt;script&gt;')).toBeLessThan(html.indexOf('C街道'));
    expect(html).not.toContain('<script>');
    expect(html).toContain('末位 Last placed: C街道');
    expect(html).toContain('噪声扰民');
  });

  it('renders CSV rows for the ranking, the last placed and the problems, quoting commas and quotes', () => {
    const lines = renderReportCsv(report).trimEnd().split('\r\n');
    expect(lines[0]?.startsWith('section,kind,rank,agency_id,name,score')).toBe(true);
    expect(lines.filter((line) => line.startsWith('ranking,')).map((line) => line.split(',')[3])).toEqual(['street-a', 'street-b', 'street-c']);
    expect(lines).toContain('ranking,street_office,2,street-b,"B, ""east""",70,1,1/1,0.5,1/2,1,2/2,0,,,,,');
    expect(lines.filter((line) => line.startsWith('last_placed,')).map((line) => line.split(',')[3])).toEqual(['street-c']);
    expect(lines.at(-1)).toBe('problem,,,,,,,,,,,,,噪声扰民,110105001,4,1,up');
  });
});
