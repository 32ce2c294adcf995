import type { SlaClockSpec } from '@hotline/case-lifecycle';
import type { RequestType, SlaClockName, Urgency } from '@hotline/contracts';

/**
 * An SLA profile (时限配置), keyed by request type × urgency × category; a null key matches any value.
 * The most specific profile that matches a case wins; `default` matches every case.
 */
export interface SlaProfile {
  profileId: string;
  name: string;
  requestType: RequestType | null;
  urgency: Urgency | null;
  category: string | null;
  clocks: Record<SlaClockName, SlaClockSpec>;
  /** Warnings at these fractions of each clock's allowed time (预警). */
  warningFractions: number[];
  /** How long a breached clock may stay unmet before the next level is called in (ISO 8601, clock time). */
  escalateAfter: string;
  /** Whether clocks stop while the unit's dispute (派单异议) is reviewed. */
  pauseDuringDispute: boolean;
  /** Whether clocks stop while the unit's extension request (延期申请) is decided. */
  pauseDuringExtension: boolean;
  version: number;
  updatedAt: string;
}

export const DEFAULT_PROFILE_ID = 'default';

export interface CaseKeys {
  requestType: string | null;
  urgency: string | null;
  category: string | null;
}

function specificity(profile: CaseKeys): number {
  return [profile.requestType, profile.urgency, profile.category].filter((key) => key !== null).length;
}

/** The most specific matching profile; ties go to the smaller profileId, so the choice is stable. */
export function matchProfile<P extends { profileId: string; requestType: string | null; urgency: string | null; category: string | null }>(
  profiles: readonly P[],
  keys: CaseKeys,
): P | undefined {
  const matches = (key: string | null, value: string | null) => key === null || key === value;
  return profiles
    .filter((p) => matches(p.requestType, keys.requestType) && matches(p.urgency, keys.urgency) && matches(p.category, keys.category))
    .sort((a, b) => specificity(b) - specificity(a) || a.profileId.localeCompare(b.profileId))[0];
}
