export const SLA_CLOCK_UNITS = ['clock_hours', 'working_hours', 'working_days', 'natural_days'] as const;

export type SlaClockUnit = (typeof SLA_CLOCK_UNITS)[number];

// e.g. general request: { amount: 7, unit: 'natural_days' }; Shanghai help/complaint: { amount: 5, unit: 'working_days' }.
export type SlaClock = { readonly amount: number; readonly unit: SlaClockUnit };
