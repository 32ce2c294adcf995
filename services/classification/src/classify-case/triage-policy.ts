import type { RepeatPolicy } from '../domain/triage/repeat-request';

/** The thresholds triage works with (config: KNOWLEDGE_ANSWER_*, MERGE_*). */
export interface TriagePolicy {
  answerMinCoverage: number;
  answerMinTerms: number;
  repeat: RepeatPolicy;
}

export const TRIAGE_POLICY = Symbol('TRIAGE_POLICY');
