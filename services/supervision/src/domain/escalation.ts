import type { SupervisionLevel } from '@hotline/contracts';

/** A street office, or any other unit (district government, city department, utility). */
export type HandlerLevel = 'street' | 'other';

export interface Supervisor {
  level: SupervisionLevel;
  regionCode: string | null;
}

/**
 * 督办 climbs street → district → city. Regulation: a street office's dispatch is copied to its
 * district government, so a copied dispatch marks a street office; its district supervises the breach
 * and the city the escalation. Everyone else is supervised by the city at once, with no further step.
 */
export function supervisorFor(step: 1 | 2, context: { handlerLevel: HandlerLevel; districtCode: string | null; cityRegionCode: string }): Supervisor {
  const isStreetBreach = step === 1 && context.handlerLevel === 'street';
  return isStreetBreach ? { level: 'district', regionCode: context.districtCode } : { level: 'city', regionCode: context.cityRegionCode };
}

export function hasEscalationStep(handlerLevel: HandlerLevel): boolean {
  return handlerLevel === 'street';
}

export function handlerLevelOf(dispatch: { copiedToAgencyIds: readonly string[] }): HandlerLevel {
  return dispatch.copiedToAgencyIds.length > 0 ? 'street' : 'other';
}
