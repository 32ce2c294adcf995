import type { CatalogueRule } from './catalogue-rule';

export interface RuleIssue {
  readonly path: string;
  readonly message: string;
}

export interface KnownReferenceData {
  readonly isAgency: (agencyId: string) => boolean;
  readonly isCategory: (code: string) => boolean;
}

const hasNoCondition = (rule: CatalogueRule): boolean =>
  rule.requestTypes.length === 0 &&
  rule.category === null &&
  rule.districtCode === null &&
  rule.streetCode === null &&
  rule.gridCode === null &&
  rule.keywords.length === 0;

/** Everything wrong with a catalogue's rules against the units and categories on record, each with its path. */
export function catalogueRuleIssues(rules: readonly CatalogueRule[], known: KnownReferenceData): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const seen = new Set<string>();
  rules.forEach((rule, index) => {
    const at = (field: string) => `rules.${index}.${field}`;
    if (seen.has(rule.ruleId)) issues.push({ path: at('ruleId'), message: `ruleId ${rule.ruleId} appears more than once` });
    seen.add(rule.ruleId);
    if (!known.isAgency(rule.agencyId)) issues.push({ path: at('agencyId'), message: `no unit ${rule.agencyId}` });
    if (rule.category !== null && !known.isCategory(rule.category)) issues.push({ path: at('category'), message: `no category ${rule.category}` });
    if (rule.districtCode !== null && rule.streetCode !== null && !rule.streetCode.startsWith(rule.districtCode)) {
      issues.push({ path: at('streetCode'), message: `street ${rule.streetCode} is not in district ${rule.districtCode}` });
    }
    rule.coHandlerIds.forEach((coHandlerId, position) => {
      const path = at(`coHandlerIds.${position}`);
      if (coHandlerId === rule.agencyId) issues.push({ path, message: 'the lead unit cannot also be its co-handler' });
      else if (rule.coHandlerIds.indexOf(coHandlerId) !== position) issues.push({ path, message: `co-handler ${coHandlerId} appears more than once` });
      else if (!known.isAgency(coHandlerId)) issues.push({ path, message: `no unit ${coHandlerId}` });
    });
    // Rules after a catch-all could never match.
    const isShadowing = hasNoCondition(rule) && index < rules.length - 1;
    if (isShadowing) issues.push({ path: at('ruleId'), message: 'a rule without any condition matches every case: it can only be the last rule' });
  });
  return issues;
}
