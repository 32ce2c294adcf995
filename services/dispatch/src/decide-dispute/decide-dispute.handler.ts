import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { transition, type CaseEventType, type CaseStatus, type IllegalTransitionError } from '@hotline/case-lifecycle';
import { newCaseEvent } from '@hotline/contracts';
import { appendToOutbox } from '@hotline/messaging';
import { CaseStateConflictError, compareAndSetCaseStatus, readCaseStatus } from '../case-state/case-state.store';
import { recordRedispatchRound } from '../dispatch-round/record-dispatch-round';
import { SlaPolicy } from '../dispatch-round/sla-policy';
import { checkDisputeDecision, type DisputeDecisionRefusal } from '../domain/dispute-review';
import { DispatchRecord } from '../infrastructure/database/entities/dispatch.entity';
import { DisputeRecord } from '../infrastructure/database/entities/dispute.entity';
import { ReferenceDataCache } from '../reference-data/reference-data.cache';
import type { RedispatchRequest, RejectReturnRequest } from './decide-dispute.request';

/** Who decides: the principal's id is recorded; arbitrators (and admins) may decide arbitrated disputes. */
export interface DisputeReviewer {
  principalId: string;
  isArbitrator: boolean;
}

export type DecideDisputeResult =
  | { status: 'decided'; dispute: DisputeRecord }
  | { status: 'not_found' }
  | { status: 'unknown_agency' }
  | { status: 'unknown_category' }
  | { status: 'refused'; error: IllegalTransitionError | DisputeDecisionRefusal | { code: 'DISPUTE.DEADLINE_NOT_COMPUTABLE'; message: string } }
  | { status: 'conflict' };

type Review = { current: CaseStatus; next: CaseStatus; dispute: DisputeRecord };

// 改派 is decided by a person, not by a catalogue rule.
const REDISPATCH_RULE_ID = 'redispatch';

@Injectable()
export class DecideDisputeHandler {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly slaPolicy: SlaPolicy,
    private readonly referenceData: ReferenceDataCache,
  ) {}

  /** 改派: the return is upheld; a new round goes to another unit with a fresh deadline. */
  async redispatch(caseId: string, request: RedispatchRequest, decider: DisputeReviewer): Promise<DecideDisputeResult> {
    return this.decide(caseId, 'case.redispatched', async (manager, review) => {
      const check = checkDisputeDecision({ caseId, dispute: review.dispute, isArbitrator: decider.isArbitrator, redispatchTo: request.agencyId });
      if (!check.ok) return { status: 'refused', error: check.error };
      const reference = await this.referenceData.current(manager);
      const agency = reference.agencies.get(request.agencyId);
      if (!agency) return { status: 'unknown_agency' };
      if (request.category !== undefined && !reference.categoryPaths.has(request.category)) return { status: 'unknown_category' };
      const previous = await manager.getRepository(DispatchRecord).findOne({ where: { caseId }, order: { round: 'DESC' } });
      if (!previous) return { status: 'conflict' };
      const now = new Date();
      const deadline = this.slaPolicy.deadlineFor(reference, previous.urgency, now);
      if (!deadline.ok) return { status: 'refused', error: { code: 'DISPUTE.DEADLINE_NOT_COMPUTABLE', message: `${deadline.code}: ${deadline.message}` } };
      if (!(await this.moveCase(manager, caseId, review))) return { status: 'conflict' };
      const decided = await this.settle(manager, review.dispute, { status: 'redispatched', decidedAt: now, decidedBy: decider.principalId, decidedAs: check.decidedAs, decisionNote: request.note, redispatchedTo: agency.agencyId });
      await recordRedispatchRound(manager, {
        caseId,
        round: previous.round + 1,
        agency,
        urgency: previous.urgency,
        clock: deadline.clock,
        deadline: deadline.deadline,
        ruleId: REDISPATCH_RULE_ID,
        catalogueVersion: previous.catalogueVersion,
        // 改派 is a dispatcher's (or arbitrator's) choice of unit; the new unit answers alone.
        routedBy: 'manual',
        coHandlerIds: [],
        dispatchedBy: decider.principalId,
        note: request.note,
        ...(request.category !== undefined ? { correctedCategory: request.category } : {}),
        dispatchedAt: now,
        cause: { eventId: review.dispute.raisedEventId, correlationId: review.dispute.correlationId },
        previousAgencyId: review.dispute.agencyId,
        reason: request.note,
        returnReason: review.dispute.reason,
        decidedBy: check.decidedAs,
      });
      return { status: 'decided', dispute: decided };
    });
  }

  /** The return is rejected: the unit keeps the case, deemed signed, and its deadline is not reset (首接负责). */
  async rejectReturn(caseId: string, request: RejectReturnRequest, decider: DisputeReviewer): Promise<DecideDisputeResult> {
    return this.decide(caseId, 'case.dispute_rejected', async (manager, review) => {
      const check = checkDisputeDecision({ caseId, dispute: review.dispute, isArbitrator: decider.isArbitrator });
      if (!check.ok) return { status: 'refused', error: check.error };
      if (!(await this.moveCase(manager, caseId, review))) return { status: 'conflict' };
      const now = new Date();
      const decided = await this.settle(manager, review.dispute, { status: 'rejected', decidedAt: now, decidedBy: decider.principalId, decidedAs: check.decidedAs, decisionNote: request.note, redispatchedTo: null });
      const event = newCaseEvent({
        type: 'case.dispute_rejected',
        caseId,
        producer: 'dispatch',
        occurredAt: now,
        cause: { eventId: review.dispute.raisedEventId, correlationId: review.dispute.correlationId },
        payload: { agencyId: review.dispute.agencyId, reviewerId: decider.principalId, explanation: request.note, decidedBy: check.decidedAs },
      });
      await appendToOutbox(manager, [event]);
      return { status: 'decided', dispute: decided };
    });
  }

  /** Locks the case's pending dispute and checks the move in one transaction; a refusal writes nothing. */
  private decide(
    caseId: string,
    event: CaseEventType,
    apply: (manager: EntityManager, review: Review) => Promise<DecideDisputeResult>,
  ): Promise<DecideDisputeResult> {
    return this.dataSource.transaction(async (manager): Promise<DecideDisputeResult> => {
      const dispute = await manager
        .getRepository(DisputeRecord)
        .createQueryBuilder('dispute')
        .setLock('pessimistic_write')
        .where('dispute.case_id = :caseId AND dispute.status = :status', { caseId, status: 'pending' })
        .getOne();
      const current = await readCaseStatus(manager, caseId);
      if (current === null) return { status: 'not_found' };
      const move = transition(current, event);
      if (!move.ok) return { status: 'refused', error: move.error };
      // dispute_pending without a pending row: the dispute_raised is being recorded right now.
      if (!dispute) return { status: 'conflict' };
      return apply(manager, { current, next: move.to, dispute });
    });
  }

  private async moveCase(manager: EntityManager, caseId: string, review: Review): Promise<boolean> {
    try {
      await compareAndSetCaseStatus(manager, caseId, review.current, review.next);
      return true;
    } catch (err) {
      if (err instanceof CaseStateConflictError) return false;
      throw err;
    }
  }

  private async settle(manager: EntityManager, dispute: DisputeRecord, decision: Pick<DisputeRecord, 'status' | 'decidedAt' | 'decidedBy' | 'decidedAs' | 'decisionNote' | 'redispatchedTo'>): Promise<DisputeRecord> {
    await manager.getRepository(DisputeRecord).update({ id: dispute.id, status: 'pending' }, decision);
    return { ...dispute, ...decision };
  }
}
