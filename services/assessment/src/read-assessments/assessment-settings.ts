import type { AssessmentConfig } from '../config/assessment-config';
import type { ScoringSettings } from '../domain/scoring';

export interface AssessmentSettings {
  scoring: ScoringSettings;
  monthUtcOffsetMinutes: number;
  reportLastPlaced: number;
  reportTopProblems: number;
}

export const ASSESSMENT_SETTINGS = Symbol('ASSESSMENT_SETTINGS');

export function assessmentSettingsFrom(config: AssessmentConfig): AssessmentSettings {
  return {
    scoring: {
      weights: { response: config.WEIGHT_RESPONSE, resolution: config.WEIGHT_RESOLUTION, satisfaction: config.WEIGHT_SATISFACTION },
      basicallySatisfiedWeight: config.BASICALLY_SATISFIED_WEIGHT,
      responseWithinHours: config.RESPONSE_WITHIN_HOURS,
    },
    monthUtcOffsetMinutes: config.MONTH_UTC_OFFSET_MINUTES,
    reportLastPlaced: config.REPORT_LAST_PLACED,
    reportTopProblems: config.REPORT_TOP_PROBLEMS,
  };
}
