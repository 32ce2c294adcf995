import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { transition } from '@hotline/case-lifecycle';
import type { CaseEventOf } from '@hotline/contracts';
import { PermanentMessageError, processOnce } from '@hotline/messaging';
import { compareAndSetCaseStatus, readCaseStatus } from '../case-state/case-state.store';
import { latestDispatchRound, recordDispatchRound } from '../dispatch-round/record-dispatch-round';
import { SlaPolicy } from '../dispatch-round/sla-policy';
import { ManualDispatchRecord } from '../infrastructure/database/entities/manual-dispatch.entity';
import { DISPATCH_CONSUMER } from '../infrastructure/messaging/dispatch-consumer';
import { ReferenceDataCache } from '../reference-data/reference-data.cache';

export type DispatchAgainResult =
  | { status: 'dispatched'; event: CaseEventOf<'case.dispatched'> }
  | { status: 'queued'; reason: string }
  | { status: 'duplicate' };

type Outcome = Exclude<DispatchAgainResult, { status: 'duplicate' }>;

@Injectable()
export class DispatchAgainWhenReopenedHandler {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly slaPolicy: SlaPolicy,
    private readonly referenceData: ReferenceDataCache,
  ) {}

  /**
   * 重办: per the reopen policy (redispatchTo), a reopened case goes back to the units of its previous
   * round (lead and co-handlers) with a new round and a new deadline, or joins the manual dispatch queue
   * for a dispatcher to decide (POST /v1/cases/{caseId}/dispatch). Absent redispatchTo means the same unit.
   */
  async execute(event: CaseEventOf<'case.reopened'>): Promise<DispatchAgainResult> {
    const outcome = await processOnce(this.dataSource, DISPATCH_CONSUMER.consumerName, event, (manager) => this.dispatchAgain(manager, event));
    return outcome.status === 'duplicate' ? outcome : outcome.value;
  }

  private async dispatchAgain(manager: EntityManager, event: CaseEventOf<'case.reopened'>): Promise<Outcome> {
    const { caseId } = event;
    const current = await readCaseStatus(manager, caseId);
    if (current === null) throw new PermanentMessageError('DISPATCH.UNKNOWN_CASE', `case ${caseId} was never classified for dispatch`);
    const reopened = transition(current, 'case.reopened');
    if (!reopened.ok) throw new PermanentMessageError(reopened.error.code, `case ${caseId}: ${reopened.error.message}`);
    const dispatched = transition(reopened.to, 'case.dispatched');
    if (!dispatched.ok) throw new PermanentMessageError(dispatched.error.code, `case ${caseId}: ${dispatched.error.message}`);
    const previous = await latestDispatchRound(manager, event);
    if (!previous) throw new PermanentMessageError('DISPATCH.NO_PREVIOUS_ROUND', `case ${caseId} has no dispatch round to repeat`);
    if (event.payload.redispatchTo === 'dispatcher') {
      // A dispatcher decides: the case waits, reopened, in the manual dispatch queue.
      const reason = `reopened: ${event.payload.reason}, reopen ${event.payload.reopenCount ?? '?'}; the reopen policy gives it to a dispatcher (previous unit ${previous.agencyId})`;
      await compareAndSetCaseStatus(manager, caseId, current, reopened.to);
      await manager.getRepository(ManualDispatchRecord).insert({
        caseId,
        category: null,
        urgency: previous.urgency,
        districtCode: null,
        streetCode: null,
        reason,
        classifiedEventId: event.eventId,
        correlationId: event.correlationId,
        confidence: null,
        queuedAt: new Date(),
      });
      return { status: 'queued', reason };
    }
    const reference = await this.referenceData.current(manager);
    const agency = reference.agencies.get(previous.agencyId);
    if (!agency) throw new PermanentMessageError('DISPATCH.UNKNOWN_AGENCY', `case ${caseId}: unit ${previous.agencyId} no longer exists`);
    const dispatchedAt = new Date();
    const deadline = this.slaPolicy.deadlineFor(reference, previous.urgency, dispatchedAt);
    if (!deadline.ok) throw new PermanentMessageError(deadline.code, `case ${caseId}: ${deadline.message}`);
    // The reopen and the new dispatch are one step here: reopened → dispatched.
    await compareAndSetCaseStatus(manager, caseId, current, dispatched.to);
    const dispatchedEvent = await recordDispatchRound(manager, {
      caseId,
      round: previous.round + 1,
      agency,
      urgency: previous.urgency,
      clock: deadline.clock,
      deadline: deadline.deadline,
      ruleId: previous.ruleId,
      catalogueVersion: previous.catalogueVersion,
      routedBy: previous.routedBy,
      coHandlerIds: previous.coHandlerIds,
      dispatchedBy: previous.dispatchedBy,
      note: previous.note,
      dispatchedAt,
      cause: event,
    });
    return { status: 'dispatched', event: dispatchedEvent };
  }
}
