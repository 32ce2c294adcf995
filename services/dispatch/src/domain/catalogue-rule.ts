import type { RequestType } from '@hotline/contracts';

/**
 * One line of a dispatch catalogue version (派单目录). Every condition that is set must hold; an unset
 * condition (null, or an empty list) matches anything. Rules are ordered: the first that matches wins.
 */
export interface CatalogueRule {
  readonly ruleId: string;
  readonly name: string | null;
  /** Any of these request types (咨询, 求助, 投诉 …). */
  readonly requestTypes: readonly RequestType[];
  /** A category code at any level of the category tree: a group (urban_management) or a leaf (noise). */
  readonly category: string | null;
  readonly districtCode: string | null;
  readonly streetCode: string | null;
  /** A grid cell (网格) code; it only matches a case whose grid is known. */
  readonly gridCode: string | null;
  /** Any of these words in the case's title or description, case-insensitive. */
  readonly keywords: readonly string[];
  /** The lead unit (主办). */
  readonly agencyId: string;
  /** Co-handling units (协办): they see the case in their queues; the lead answers for it. */
  readonly coHandlerIds: readonly string[];
}

/** What dispatch knows about a case when it routes it. */
export interface CaseFacts {
  /** null when dispatch never saw the case's case.received. */
  readonly requestType: RequestType | null;
  /** The category and its ancestors, e.g. ['urban_management', 'noise']. */
  readonly categoryPath: readonly string[];
  readonly districtCode: string | null;
  readonly streetCode: string | null;
  readonly gridCode: string | null;
  /** Title and description; null when unknown (then no keyword rule matches). */
  readonly text: string | null;
}

const containsAnyKeyword = (text: string | null, keywords: readonly string[]): boolean => {
  if (text === null) return false;
  const haystack = text.toLowerCase();
  return keywords.some((keyword) => haystack.includes(keyword.toLowerCase()));
};

export function ruleMatches(rule: CatalogueRule, facts: CaseFacts): boolean {
  const isRequestTypeOk = rule.requestTypes.length === 0 || (facts.requestType !== null && rule.requestTypes.includes(facts.requestType));
  const isCategoryOk = rule.category === null || facts.categoryPath.includes(rule.category);
  const isDistrictOk = rule.districtCode === null || rule.districtCode === facts.districtCode;
  const isStreetOk = rule.streetCode === null || rule.streetCode === facts.streetCode;
  const isGridOk = rule.gridCode === null || rule.gridCode === facts.gridCode;
  const isKeywordOk = rule.keywords.length === 0 || containsAnyKeyword(facts.text, rule.keywords);
  return isRequestTypeOk && isCategoryOk && isDistrictOk && isStreetOk && isGridOk && isKeywordOk;
}

/** The first rule, in catalogue order, that matches the case; null when none does. */
export function firstMatchingRule(facts: CaseFacts, rules: readonly CatalogueRule[]): CatalogueRule | null {
  return rules.find((rule) => ruleMatches(rule, facts)) ?? null;
}
