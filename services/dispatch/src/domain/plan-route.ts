import { firstMatchingRule, type CaseFacts, type CatalogueRule } from './catalogue-rule';

/** How a dispatch chose its unit; carried by case.dispatched as `routedBy`. */
export const ROUTING_BASES = ['rule', 'district_fallback', 'manual', 'component'] as const;
export type RoutingBasis = (typeof ROUTING_BASES)[number];

/** Why a case waits for a dispatcher (派单员) instead of being routed. */
export type ManualDispatchReason = 'low_confidence' | 'no_published_catalogue' | 'no_rule' | 'no_district_government';

export interface RouteInput {
  readonly facts: CaseFacts;
  /** The classifier's confidence, 0..1. */
  readonly confidence: number;
  /** Below it the classification is not trusted and a dispatcher decides. */
  readonly minimumConfidence: number;
  /** The published catalogue, or null when none is. */
  readonly catalogue: { readonly version: number; readonly rules: readonly CatalogueRule[] } | null;
  /** The district government (区政府) of a district, or undefined when it has none on record. */
  readonly districtGovernmentOf: (districtCode: string) => string | undefined;
  /** 部件: the unit owning the component the case concerns (classification found it), if any. */
  readonly componentOwnerId?: string | null;
}

export type RoutePlan =
  | { readonly basis: 'component'; readonly catalogueVersion: number; readonly agencyId: string }
  | { readonly basis: 'rule'; readonly catalogueVersion: number; readonly rule: CatalogueRule }
  | { readonly basis: 'district_fallback'; readonly catalogueVersion: number; readonly agencyId: string }
  | { readonly basis: 'manual'; readonly reason: ManualDispatchReason; readonly detail: string };

/**
 * 派单: a case about a component (部件) goes to the component's owner, whatever the category (it does not
 * depend on the classifier's confidence either); otherwise the published catalogue's first matching rule;
 * else, when the district is known, its government (兜底); else, or when the classification is too unsure
 * to route on, the manual dispatch queue. The catalogue version in force is recorded either way.
 */
export function planRoute(input: RouteInput): RoutePlan {
  const { facts, catalogue } = input;
  if (catalogue && input.componentOwnerId) return { basis: 'component', catalogueVersion: catalogue.version, agencyId: input.componentOwnerId };
  const isTooUnsure = input.confidence < input.minimumConfidence;
  if (isTooUnsure) {
    return { basis: 'manual', reason: 'low_confidence', detail: `classification confidence ${input.confidence} is below ${input.minimumConfidence}` };
  }
  if (!catalogue) return { basis: 'manual', reason: 'no_published_catalogue', detail: 'no catalogue version is published' };
  const rule = firstMatchingRule(facts, catalogue.rules);
  if (rule) return { basis: 'rule', catalogueVersion: catalogue.version, rule };
  if (facts.districtCode !== null) {
    const government = input.districtGovernmentOf(facts.districtCode);
    if (government !== undefined) return { basis: 'district_fallback', catalogueVersion: catalogue.version, agencyId: government };
    return { basis: 'manual', reason: 'no_district_government', detail: `district ${facts.districtCode} has no district government on record` };
  }
  return { basis: 'manual', reason: 'no_rule', detail: `no rule of catalogue ${catalogue.version} matches and the district is unknown` };
}
