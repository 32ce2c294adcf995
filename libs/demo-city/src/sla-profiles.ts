export const URGENCIES = ['emergency', 'urgent', 'normal'] as const;
export type Urgency = (typeof URGENCIES)[number];

export const SLA_CLOCK_UNITS = ['clock_hours', 'working_hours', 'working_days', 'natural_days'] as const;
export type SlaClockUnit = (typeof SLA_CLOCK_UNITS)[number];

export type SlaClock = { amount: number; unit: SlaClockUnit };

export interface SlaProfile {
  readonly profileId: string;
  readonly name: string;
  /** Feedback deadline by the case's urgency. */
  readonly byUrgency: Readonly<Record<Urgency, SlaClock>>;
  /** For a complex case, once the centre approves it (复杂诉求). */
  readonly complex: SlaClock;
}

// Defaults from Beijing's 2021 draft hotline service standard (see DOMAIN.md §4); operators may override.
export const DEFAULT_SLA_PROFILE: SlaProfile = {
  profileId: 'default',
  name: '默认时限 Default time limits',
  byUrgency: {
    emergency: { amount: 2, unit: 'clock_hours' },
    urgent: { amount: 24, unit: 'clock_hours' },
    normal: { amount: 7, unit: 'natural_days' },
  },
  complex: { amount: 15, unit: 'natural_days' },
};

export const SLA_PROFILES: readonly SlaProfile[] = [DEFAULT_SLA_PROFILE];

export function slaClockFor(urgency: Urgency, options: { complex?: boolean; profile?: SlaProfile } = {}): SlaClock {
  const profile = options.profile ?? DEFAULT_SLA_PROFILE;
  return { ...(options.complex ? profile.complex : profile.byUrgency[urgency]) };
}
