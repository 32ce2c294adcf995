/** One line of the dispatch catalogue (派单目录) as stored: category × district → handling unit. */
export interface RouteRule {
  readonly ruleId: string;
  /** null matches any category (the district fallback, 兜底). */
  readonly category: string | null;
  /** null matches any district, and also a case whose district is unknown. */
  readonly districtCode: string | null;
  readonly agencyId: string;
  /** Higher wins; on a tie the more specific rule, then the earlier one. */
  readonly priority: number;
}

export interface RouteQuery {
  readonly category: string;
  readonly districtCode: string | null;
}

const specificity = (rule: RouteRule): number => Number(rule.category !== null) * 2 + Number(rule.districtCode !== null);

/** The rule that decides where the case goes, or null: no rule covers it and a dispatcher routes it by hand. */
export function resolveRoute(query: RouteQuery, rules: readonly RouteRule[]): RouteRule | null {
  let best: RouteRule | null = null;
  for (const rule of rules) {
    if (rule.category !== null && rule.category !== query.category) continue;
    if (rule.districtCode !== null && rule.districtCode !== query.districtCode) continue;
    const isBetter =
      best === null || rule.priority > best.priority || (rule.priority === best.priority && specificity(rule) > specificity(best));
    if (isBetter) best = rule;
  }
  return best;
}
