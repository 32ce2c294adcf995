import type { DisputeDecider } from '@hotline/contracts';

/** 仲裁: from the configured number of returns on, a case's dispute is no longer a dispatcher's to decide. */
export function requiresArbitration(input: { returnNumber: number; arbitrationAfterReturns: number }): boolean {
  return input.returnNumber >= input.arbitrationAfterReturns;
}

export type DisputeDecisionRefusal = { code: 'DISPUTE.ARBITRATION_REQUIRED' | 'DISPUTE.SAME_AGENCY'; message: string };
export type DisputeDecisionCheck = { ok: true; decidedAs: DisputeDecider } | { ok: false; error: DisputeDecisionRefusal };

/**
 * Who may decide a dispute, and how: a dispatcher decides an ordinary one; one that requires
 * arbitration only an arbitrator (or an admin) decides. A re-dispatch must name another unit than the
 * one that returned the case.
 */
export function checkDisputeDecision(input: {
  caseId: string;
  dispute: { agencyId: string; requiresArbitration: boolean; returnNumber: number };
  isArbitrator: boolean;
  redispatchTo?: string;
}): DisputeDecisionCheck {
  const { caseId, dispute } = input;
  if (dispute.requiresArbitration && !input.isArbitrator) {
    return {
      ok: false,
      error: { code: 'DISPUTE.ARBITRATION_REQUIRED', message: `case ${caseId} has been returned ${dispute.returnNumber} times: only arbitration decides its dispute` },
    };
  }
  if (input.redispatchTo !== undefined && input.redispatchTo === dispute.agencyId) {
    return { ok: false, error: { code: 'DISPUTE.SAME_AGENCY', message: `case ${caseId} was returned by ${dispute.agencyId}: re-dispatch it to another unit, or reject the return` } };
  }
  return { ok: true, decidedAs: dispute.requiresArbitration ? 'arbitration' : 'dispatcher' };
}
