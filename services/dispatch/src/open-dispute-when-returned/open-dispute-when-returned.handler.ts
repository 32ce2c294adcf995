import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { transition } from '@hotline/case-lifecycle';
import type { CaseEventOf } from '@hotline/contracts';
import { PermanentMessageError, processOnce } from '@hotline/messaging';
import { compareAndSetCaseStatus, readCaseStatus } from '../case-state/case-state.store';
import { requiresArbitration } from '../domain/dispute-review';
import { DisputeRecord } from '../infrastructure/database/entities/dispute.entity';
import { DISPATCH_CONSUMER } from '../infrastructure/messaging/dispatch-consumer';
import { DISPUTE_REVIEW_SETTINGS, type DisputeReviewSettings } from './dispute-review-settings';
import { latestDispatchRound } from '../dispatch-round/record-dispatch-round';

export type OpenDisputeResult = { status: 'opened'; dispute: DisputeRecord } | { status: 'untracked' } | { status: 'duplicate' };

@Injectable()
export class OpenDisputeWhenReturnedHandler {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(DISPUTE_REVIEW_SETTINGS) private readonly settings: DisputeReviewSettings,
  ) {}

  /** 退单: a unit returned the case; it waits for a dispatcher (or arbitration) to decide. */
  async execute(event: CaseEventOf<'case.dispute_raised'>): Promise<OpenDisputeResult> {
    const outcome = await processOnce(this.dataSource, DISPATCH_CONSUMER.consumerName, event, (manager) => this.open(manager, event));
    return outcome.status === 'duplicate' ? outcome : outcome.value;
  }

  private async open(manager: EntityManager, event: CaseEventOf<'case.dispute_raised'>): Promise<OpenDisputeResult> {
    const { caseId, payload } = event;
    const current = await readCaseStatus(manager, caseId);
    if (current === null) return { status: 'untracked' };
    const moved = transition(current, event.type);
    if (!moved.ok) throw new PermanentMessageError(moved.error.code, `case ${caseId}: ${moved.error.message}`);
    await compareAndSetCaseStatus(manager, caseId, current, moved.to);
    const disputes = manager.getRepository(DisputeRecord);
    const returnNumber = (await disputes.countBy({ caseId })) + 1;
    const latestRound = await latestDispatchRound(manager, event);
    const dispute: DisputeRecord = {
      id: randomUUID(),
      caseId,
      round: payload.round ?? latestRound?.round ?? 1,
      agencyId: payload.agencyId,
      reason: payload.reason,
      note: payload.explanation,
      returnNumber,
      requiresArbitration: requiresArbitration({ returnNumber, arbitrationAfterReturns: this.settings.arbitrationAfterReturns }),
      status: 'pending',
      raisedAt: new Date(event.occurredAt),
      raisedEventId: event.eventId,
      correlationId: event.correlationId,
      decidedAt: null,
      decidedBy: null,
      decidedAs: null,
      decisionNote: null,
      redispatchedTo: null,
    };
    await disputes.insert(dispute);
    return { status: 'opened', dispute };
  }
}
