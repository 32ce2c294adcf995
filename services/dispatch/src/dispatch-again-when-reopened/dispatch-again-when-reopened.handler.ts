import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { transition } from '@hotline/case-lifecycle';
import type { CaseEventOf } from '@hotline/contracts';
import { PermanentMessageError, processOnce } from '@hotline/messaging';
import { compareAndSetCaseStatus, readCaseStatus } from '../case-state/case-state.store';
import { recordDispatchRound } from '../dispatch-round/record-dispatch-round';
import { SlaPolicy } from '../dispatch-round/sla-policy';
import { DispatchRecord } from '../infrastructure/database/entities/dispatch.entity';
import { DISPATCH_CONSUMER } from '../infrastructure/messaging/dispatch-consumer';
import { ReferenceDataCache } from '../reference-data/reference-data.cache';

export type DispatchAgainResult = { status: 'dispatched'; event: CaseEventOf<'case.dispatched'> } | { status: 'duplicate' };

@Injectable()
export class DispatchAgainWhenReopenedHandler {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly slaPolicy: SlaPolicy,
    private readonly referenceData: ReferenceDataCache,
  ) {}

  /** 重办: a reopened case goes back to the units of its previous round (lead and co-handlers), with a new round and a new deadline. */
  async execute(event: CaseEventOf<'case.reopened'>): Promise<DispatchAgainResult> {
    const outcome = await processOnce(this.dataSource, DISPATCH_CONSUMER.consumerName, event, (manager) => this.dispatchAgain(manager, event));
    return outcome.status === 'duplicate' ? outcome : { status: 'dispatched', event: outcome.value };
  }

  private async dispatchAgain(manager: EntityManager, event: CaseEventOf<'case.reopened'>): Promise<CaseEventOf<'case.dispatched'>> {
    const { caseId } = event;
    const current = await readCaseStatus(manager, caseId);
    if (current === null) throw new PermanentMessageError('DISPATCH.UNKNOWN_CASE', `case ${caseId} was never classified for dispatch`);
    const reopened = transition(current, 'case.reopened');
    if (!reopened.ok) throw new PermanentMessageError(reopened.error.code, `case ${caseId}: ${reopened.error.message}`);
    const dispatched = transition(reopened.to, 'case.dispatched');
    if (!dispatched.ok) throw new PermanentMessageError(dispatched.error.code, `case ${caseId}: ${dispatched.error.message}`);
    const previous = await manager.getRepository(DispatchRecord).findOne({ where: { caseId }, order: { round: 'DESC' } });
    if (!previous) throw new PermanentMessageError('DISPATCH.NO_PREVIOUS_ROUND', `case ${caseId} has no dispatch round to repeat`);
    const reference = await this.referenceData.snapshot(manager);
    const agency = reference.agencies.get(previous.agencyId);
    if (!agency) throw new PermanentMessageError('DISPATCH.UNKNOWN_AGENCY', `case ${caseId}: unit ${previous.agencyId} no longer exists`);
    const dispatchedAt = new Date();
    const deadline = this.slaPolicy.deadlineFor(reference, previous.urgency, dispatchedAt);
    if (!deadline.ok) throw new PermanentMessageError(deadline.code, `case ${caseId}: ${deadline.message}`);
    // The reopen and the new dispatch are one step here: reopened → dispatched.
    await compareAndSetCaseStatus(manager, caseId, current, dispatched.to);
    return recordDispatchRound(manager, {
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
  }
}
