import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { IllegalTransitionError, CaseStatus } from '@hotline/case-lifecycle';
import { newCaseEvent, type CaseEvent, type FollowUpResult } from '@hotline/contracts';
import { appendToOutbox } from '@hotline/messaging';
import { decideFollowUpMove, decideFollowUpOutcome, type FollowUpCall, type FollowUpOutcome } from '../domain/follow-up-outcome';
import type { FollowUpRecord } from '../infrastructure/database/entities/follow-up.entity';
import { FollowUpRepository } from '../infrastructure/database/follow-up.repository';
import type { RecordFollowUpRequest } from './record-follow-up.request';

export type RecordFollowUpResult =
  | { status: 'recorded'; caseStatus: CaseStatus; outcome: FollowUpOutcome['outcome']; attempt: number }
  | { status: 'not_found' }
  | { status: 'refused'; error: IllegalTransitionError }
  | { status: 'conflict' };

@Injectable()
export class RecordFollowUpHandler {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** 回访: records the call and its consequence (attempt, 办结 or 重办) with its event, in one transaction. */
  async execute(caseId: string, request: RecordFollowUpRequest): Promise<RecordFollowUpResult> {
    return this.dataSource.transaction(async (manager): Promise<RecordFollowUpResult> => {
      const followUps = new FollowUpRepository(manager);
      const current = await followUps.find(caseId);
      if (!current) return { status: 'not_found' };
      const call = toCall(request);
      const outcome = decideFollowUpOutcome(call);
      const move = decideFollowUpMove(current.status, outcome);
      if (!move.ok) return { status: 'refused', error: move.error };
      const now = new Date();
      const attempt = current.attempts + 1;
      const result: FollowUpResult = {
        reached: call.reached,
        resolved: call.reached ? call.resolved : null,
        satisfaction: call.reached ? call.satisfaction : null,
        note: call.note,
        operatorId: call.operatorId,
      };
      const isRecorded = await followUps.compareAndSet(current, {
        status: move.to,
        attempts: attempt,
        result,
        closedAt: outcome.outcome === 'closed' ? now : current.closedAt,
        updatedAt: now,
      });
      if (!isRecorded) return { status: 'conflict' };
      await appendToOutbox(manager, [eventFor({ current, outcome, result, attempt, now })]);
      return { status: 'recorded', caseStatus: move.to, outcome: outcome.outcome, attempt };
    });
  }
}

function toCall(request: RecordFollowUpRequest): FollowUpCall {
  const note = request.note ?? null;
  const operatorId = request.operatorId ?? null;
  return request.reached
    ? { reached: true, resolved: request.resolved, satisfaction: request.satisfaction, note, operatorId }
    : { reached: false, note, operatorId };
}

function eventFor(input: { current: FollowUpRecord; outcome: FollowUpOutcome; result: FollowUpResult; attempt: number; now: Date }): CaseEvent {
  const { current, outcome, result, attempt, now } = input;
  const common = {
    caseId: current.caseId,
    producer: 'feedback' as const,
    occurredAt: now,
    cause: { eventId: current.lastEventId, correlationId: current.correlationId },
  };
  switch (outcome.outcome) {
    case 'attempted':
      return newCaseEvent({ ...common, type: 'case.follow_up_attempted', payload: { followUp: result, attempt } });
    case 'closed':
      return newCaseEvent({ ...common, type: 'case.closed', payload: { followUp: result, agencyId: current.agencyId } });
    case 'reopened':
      return newCaseEvent({ ...common, type: 'case.reopened', payload: { followUp: result, agencyId: current.agencyId, reason: outcome.reason } });
  }
}
