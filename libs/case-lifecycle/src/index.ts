export { CASE_STATUSES, isCaseStatus, type CaseStatus } from './case-status';
export { CASE_EVENT_TYPES, isCaseEventType, type CaseEventType } from './case-event-type';
export { TRANSITION_ROWS, TRANSITIONS, type CaseStatusOrInitial, type TransitionRow } from './transitions';
export {
  allowedEvents,
  ENDED_STATUSES,
  hasEnded,
  isTerminal,
  transition,
  type IllegalTransitionError,
  type TransitionResult,
} from './transition';
export { toOpen311Status, type Open311Status } from './open311-status';

export { SLA_CLOCK_UNITS, type SlaClock, type SlaClockUnit } from './sla/sla-clock';
export type { InvalidSlaInputError, SlaError, YearNotCoveredError } from './sla/sla-errors';
export { CHINESE_DAYS_COVERED_YEARS } from './sla/chinese-holiday-data';
export {
  DEFAULT_WORKING_WINDOWS,
  SHANGHAI_UTC_OFFSET_MINUTES,
  WorkingCalendar,
  type DayType,
  type WindowMinutes,
  type WorkdayOverride,
  type WorkingCalendarConfig,
  type WorkingWindow,
} from './sla/working-calendar';
export { computeDeadline, type ComputeDeadlineInput, type DeadlineResult } from './sla/compute-deadline';
export {
  DEFAULT_WARNING_THRESHOLDS,
  warningTimes,
  type WarningTimesInput,
  type WarningTimesResult,
} from './sla/warning-times';
export {
  SLA_BASES,
  clockFromSpec,
  isoDurationMs,
  parseIsoDuration,
  type ClockSpecOutcome,
  type IsoDurationParts,
  type SlaBasis,
  type SlaClockSpec,
} from './sla/iso-duration';
export { ClockBudget, type BudgetOutcome } from './sla/clock-budget';
export * from './follow-status';
