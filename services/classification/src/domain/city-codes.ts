/**
 * Code rules for an imported city (DOMAIN.md §5): a unit grid is 6 county + 3 street + 3 community + 3
 * sequence digits and lies in its community, street and district; a component (部件) is 6 county + major +
 * minor class + serial, whose widths are the city's configuration (2/2/6 by default; some cities use a
 * 3-digit minor class).
 */
export interface ComponentCodeWidths {
  readonly major: number;
  readonly minor: number;
  readonly serial: number;
}

export const DEFAULT_COMPONENT_CODE_WIDTHS: ComponentCodeWidths = { major: 2, minor: 2, serial: 6 };

interface CodedCity {
  readonly districts: ReadonlyArray<{ code: string }>;
  readonly streets: ReadonlyArray<{ code: string; districtCode: string }>;
  readonly communities: ReadonlyArray<{ code: string; streetCode: string; districtCode: string }>;
  readonly grids: ReadonlyArray<{ code: string; communityCode: string; streetCode: string; districtCode: string }>;
  readonly components: ReadonlyArray<{ code: string; majorClass: string; minorClass: string }>;
}

const MAX_PROBLEMS = 20;

/** What is wrong with a city's codes (at most 20 problems, the first ones); empty when nothing is. */
export function cityCodeProblems(city: CodedCity, widths: ComponentCodeWidths = DEFAULT_COMPONENT_CODE_WIDTHS): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, problem: () => string) => {
    if (!ok && problems.length < MAX_PROBLEMS) problems.push(problem());
  };
  for (const d of city.districts) check(/^\d{6}$/.test(d.code), () => `district ${d.code}: the code is not 6 digits`);
  for (const s of city.streets) check(/^\d{9}$/.test(s.code) && s.code.startsWith(s.districtCode), () => `street ${s.code}: not 9 digits starting with its district ${s.districtCode}`);
  for (const c of city.communities) {
    check(/^\d{12}$/.test(c.code) && c.code.startsWith(c.streetCode) && c.streetCode.startsWith(c.districtCode), () => `community ${c.code}: not 12 digits starting with its street ${c.streetCode}`);
  }
  for (const g of city.grids) {
    check(
      /^\d{15}$/.test(g.code) && g.code.startsWith(g.communityCode) && g.communityCode.startsWith(g.streetCode) && g.streetCode.startsWith(g.districtCode),
      () => `unit grid ${g.code}: not 15 digits = its community ${g.communityCode} + 3`,
    );
  }
  const length = 6 + widths.major + widths.minor + widths.serial;
  for (const c of city.components) {
    const classes = c.code.slice(6, 6 + widths.major + widths.minor);
    check(
      new RegExp(`^\\d{${length}}$`).test(c.code) && c.majorClass.length === widths.major && c.minorClass.length === widths.minor && classes === `${c.majorClass}${c.minorClass}`,
      () => `component ${c.code}: not ${length} digits = county + major ${c.majorClass} (${widths.major}) + minor ${c.minorClass} (${widths.minor}) + serial (${widths.serial})`,
    );
  }
  return problems;
}
