import { hasEnded, transition, type CaseStatus } from '@hotline/case-lifecycle';

/** What a dispatcher's confirmation needs to know of the flag classification raised (并案 candidate). */
export interface MergeFlag {
  status: 'open' | 'dismissed' | 'merged';
  duplicateOfCaseId: string;
  mergedIntoCaseId: string | null;
  decidedBy: string | null;
}

export type MergeRefusalCode =
  | 'CASE.NOT_FOUND'
  | 'MERGE.NOT_FLAGGED'
  | 'POSSIBLE_DUPLICATE.CONFLICT'
  | 'MERGE.ALREADY_MERGED'
  | 'MERGE.CASE_CLOSED'
  | 'CASE.ILLEGAL_TRANSITION'
  | 'MERGE.PARENT_NOT_OPEN';

export type MergeDecision =
  | { kind: 'merge'; from: CaseStatus; to: CaseStatus; intoCaseId: string }
  /** The same confirmation again (a retry): it stands, nothing more happens. */
  | { kind: 'already_merged'; intoCaseId: string }
  | { kind: 'refused'; error: { code: MergeRefusalCode; message: string } };

/** The case the flagged one joins: the one the dispatcher names, or the one it was flagged against. */
export const mergeTargetOf = (flag: Pick<MergeFlag, 'duplicateOfCaseId'> | null, requested: string | undefined): string | undefined =>
  requested ?? flag?.duplicateOfCaseId;

const refuse = (code: MergeRefusalCode, message: string): MergeDecision => ({ kind: 'refused', error: { code, message } });

/**
 * 并案 confirmed by a dispatcher: only a flagged case, still held by a unit that has not replied (or still
 * waiting for a dispatcher), joins a case that is still open. A confirmation already made is answered
 * again as it was, so a retried request is harmless.
 */
export function decideMerge(input: {
  caseId: string;
  caseStatus: CaseStatus | null;
  flag: MergeFlag | null;
  requestedIntoCaseId: string | undefined;
  /** The status of mergeTargetOf(flag, requestedIntoCaseId), null when dispatch does not know it. */
  parentStatus: CaseStatus | null;
}): MergeDecision {
  const { caseId, caseStatus, flag, parentStatus } = input;
  if (caseStatus === null) return refuse('CASE.NOT_FOUND', `Dispatch has no record of case ${caseId}.`);
  if (flag === null) return refuse('MERGE.NOT_FLAGGED', `case ${caseId} is not flagged as a possible duplicate; only a flagged case is merged here`);
  const intoCaseId = input.requestedIntoCaseId ?? flag.duplicateOfCaseId;
  if (flag.status === 'merged') {
    return flag.mergedIntoCaseId === intoCaseId
      ? { kind: 'already_merged', intoCaseId }
      : refuse('MERGE.ALREADY_MERGED', `case ${caseId} was already merged into ${flag.mergedIntoCaseId ?? 'another case'} by ${flag.decidedBy ?? 'someone'}`);
  }
  if (flag.status === 'dismissed') {
    return refuse('POSSIBLE_DUPLICATE.CONFLICT', `case ${caseId}'s flag was already dismissed by ${flag.decidedBy ?? 'someone'}`);
  }
  if (caseStatus === 'merged') return refuse('MERGE.ALREADY_MERGED', `case ${caseId} is already merged into another case`);
  if (hasEnded(caseStatus)) return refuse('MERGE.CASE_CLOSED', `case ${caseId} has already ended (${caseStatus}); an ended order is not merged`);
  const move = transition(caseStatus, 'case.merged');
  if (!move.ok) return refuse(move.error.code, `case ${caseId}: ${move.error.message}`);
  if (parentStatus === null || hasEnded(parentStatus)) {
    const state = parentStatus === null ? 'is unknown to dispatch' : `has ended (${parentStatus})`;
    return refuse('MERGE.PARENT_NOT_OPEN', `case ${intoCaseId} ${state}: a repeat joins only an open case`);
  }
  return { kind: 'merge', from: caseStatus, to: move.to, intoCaseId };
}
