import type { DuplicateSettings, DuplicateThresholds } from '../domain/triage/repeat-request';

/** The thresholds triage works with (config: KNOWLEDGE_ANSWER_*, MERGE_*). */
export interface TriagePolicy {
  answerMinCoverage: number;
  answerMinTerms: number;
  /** 并案: the radius and window of categories without their own settings (windowHours 0: off). */
  repeat: DuplicateSettings;
  duplicateThresholds: DuplicateThresholds;
  /** The most open cases one request is scored against, the latest received first (MERGE_MAX_CANDIDATES). */
  maxDuplicateCandidates: number;
}

export const TRIAGE_POLICY = Symbol('TRIAGE_POLICY');
