import type { AgencyKind } from './agency-kind';
import type { Hotspot } from './hotspots';
import type { AgencyScore, Figure } from './scoring';

/** The monthly bulletin (月通报): the ranking per kind of unit, the last-placed units, the most frequent problems. */
export interface MonthlyReport {
  month: string;
  isClosed: boolean;
  agencies: readonly AgencyScore[];
  lastPlacedCount: number;
  topProblems: readonly Hotspot[];
  adjustmentCount: number;
}

const KIND_NAMES: Record<AgencyKind, string> = {
  street_office: '街乡镇 Street offices and townships',
  district_government: '区政府 District governments',
  city_department: '市级部门 City departments',
  utility: '公共服务企业 Utilities',
  other: '其他 Other units',
};

/** Each kind's ranking, best first; units without a score (nothing due) last. */
export function rankingsByKind(agencies: readonly AgencyScore[]): Array<{ kind: AgencyKind; ranking: AgencyScore[] }> {
  const kinds = [...new Set(agencies.map((agency) => agency.kind))].sort();
  return kinds.map((kind) => ({
    kind,
    ranking: agencies.filter((agency) => agency.kind === kind).sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.agencyId.localeCompare(b.agencyId)),
  }));
}

/** 末位: the lowest-ranked scored units of a kind, worst first. */
export function lastPlaced(ranking: readonly AgencyScore[], count: number): AgencyScore[] {
  return ranking.filter((agency) => agency.rank !== null).slice(-count).reverse();
}

const percent = (figure: Figure): string => (figure.rate === null ? '–' : `${(figure.rate * 100).toFixed(1)}%`);
const ratio = (figure: Figure): string => `${figure.numerator}/${figure.denominator}`;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const html = (value: string | number | null): string => String(value ?? '').replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);

export function renderReportHtml(report: MonthlyReport): string {
  const rows = (ranking: readonly AgencyScore[]): string =>
    ranking
      .map(
        (agency) =>
          `<tr><td>${html(agency.rank ?? '–')}</td><td>${html(agency.name)}</td><td>${html(agency.agencyId)}</td><td>${html(agency.score ?? '–')}</td>` +
          `<td>${percent(agency.figures.response)} (${ratio(agency.figures.response)})</td><td>${percent(agency.figures.resolution)} (${ratio(agency.figures.resolution)})</td>` +
          `<td>${percent(agency.figures.satisfaction)} (${ratio(agency.figures.satisfaction)})</td><td>${html(agency.excludedCases)}</td></tr>`,
      )
      .join('\n');
  const sections = rankingsByKind(report.agencies)
    .map(({ kind, ranking }) => {
      const worst = lastPlaced(ranking, report.lastPlacedCount);
      return `<section><h2>${html(KIND_NAMES[kind])}</h2>
<table><thead><tr><th>排名 Rank</th><th>单位 Unit</th><th>ID</th><th>综合得分 Score</th><th>响应率 Response</th><th>解决率 Resolution</th><th>满意率 Satisfaction</th><th>申诉核减 Excluded</th></tr></thead>
<tbody>
${rows(ranking)}
</tbody></table>
<p class="last-placed">末位 Last placed: ${worst.map((agency) => html(agency.name)).join('、') || '–'}</p></section>`;
    })
    .join('\n');
  const problems = report.topProblems
    .map(
      (problem) =>
        `<tr><td>${html(problem.categoryName)}</td><td>${html(problem.streetCode ?? problem.districtCode ?? '–')}</td><td>${problem.count}</td><td>${problem.previousCount}</td><td>${html(problem.trend)}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>接诉即办 月通报 ${html(report.month)}</title></head>
<body><h1>接诉即办 月通报 Monthly bulletin ${html(report.month)}</h1>
<p>${report.isClosed ? '已关账 Closed: these are the published figures.' : '未关账 Open: the figures may still change.'}${report.adjustmentCount > 0 ? ` 关账后调整 Adjustments after the close: ${report.adjustmentCount}.` : ''}</p>
${sections}
<section><h2>高频问题 Most frequent problems</h2>
<table><thead><tr><th>类别 Category</th><th>街乡镇 Place</th><th>本月 Cases</th><th>上月 Last month</th><th>趋势 Trend</th></tr></thead>
<tbody>
${problems}
</tbody></table></section>
</body></html>
`;
}

const CSV_HEADER = ['section', 'kind', 'rank', 'agency_id', 'name', 'score', 'response_rate', 'response', 'resolution_rate', 'resolution', 'satisfaction_rate', 'satisfaction', 'excluded_cases', 'category', 'place', 'cases', 'previous_cases', 'trend'];

/** RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled; a leading = + - @ is neutralised for spreadsheets. */
function csvField(value: string | number | null | undefined): string {
  const text = value === null || value === undefined ? '' : String(value);
  const safe = /^[=+\-@]/.test(text) && !/^-?\d/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function renderReportCsv(report: MonthlyReport): string {
  const lines: Array<Array<string | number | null>> = [CSV_HEADER];
  const scoreRow = (section: string, agency: AgencyScore): Array<string | number | null> => [
    section, agency.kind, agency.rank, agency.agencyId, agency.name, agency.score,
    agency.figures.response.rate, ratio(agency.figures.response), agency.figures.resolution.rate, ratio(agency.figures.resolution),
    agency.figures.satisfaction.rate, ratio(agency.figures.satisfaction), agency.excludedCases, '', '', '', '', '',
  ];
  for (const { ranking } of rankingsByKind(report.agencies)) {
    for (const agency of ranking) lines.push(scoreRow('ranking', agency));
    for (const agency of lastPlaced(ranking, report.lastPlacedCount)) lines.push(scoreRow('last_placed', agency));
  }
  for (const problem of report.topProblems) {
    lines.push(['problem', '', '', '', '', '', '', '', '', '', '', '', '', problem.categoryName, problem.streetCode ?? problem.districtCode ?? '', problem.count, problem.previousCount, problem.trend]);
  }
  return lines.map((line) => line.map(csvField).join(',')).join('\r\n') + '\r\n';
}
