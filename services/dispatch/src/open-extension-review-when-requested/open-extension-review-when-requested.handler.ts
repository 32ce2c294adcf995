import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { transition } from '@hotline/case-lifecycle';
import type { CaseEventOf } from '@hotline/contracts';
import { PermanentMessageError, processOnce } from '@hotline/messaging';
import { compareAndSetCaseStatus, readCaseStatus } from '../case-state/case-state.store';
import { ExtensionRequestRecord } from '../infrastructure/database/entities/extension-request.entity';
import { DISPATCH_CONSUMER } from '../infrastructure/messaging/dispatch-consumer';
import { latestDispatchRound } from '../dispatch-round/record-dispatch-round';

export type OpenExtensionReviewResult = { status: 'opened'; request: ExtensionRequestRecord } | { status: 'untracked' } | { status: 'duplicate' };

@Injectable()
export class OpenExtensionReviewWhenRequestedHandler {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** 延期申请: a unit asked for more time; the request waits for a dispatcher. */
  async execute(event: CaseEventOf<'case.extension_requested'>): Promise<OpenExtensionReviewResult> {
    const outcome = await processOnce(this.dataSource, DISPATCH_CONSUMER.consumerName, event, (manager) => this.open(manager, event));
    return outcome.status === 'duplicate' ? outcome : outcome.value;
  }

  private async open(manager: EntityManager, event: CaseEventOf<'case.extension_requested'>): Promise<OpenExtensionReviewResult> {
    const { caseId, payload } = event;
    const current = await readCaseStatus(manager, caseId);
    if (current === null) return { status: 'untracked' };
    const moved = transition(current, event.type);
    if (!moved.ok) throw new PermanentMessageError(moved.error.code, `case ${caseId}: ${moved.error.message}`);
    await compareAndSetCaseStatus(manager, caseId, current, moved.to);
    const requests = manager.getRepository(ExtensionRequestRecord);
    const latestRound = await latestDispatchRound(manager, event);
    const request: ExtensionRequestRecord = {
      caseId,
      number: (await requests.countBy({ caseId })) + 1,
      round: latestRound?.round ?? null,
      agencyId: payload.agencyId,
      reason: payload.reason,
      requestedDeadline: new Date(payload.requestedDeadline),
      previousDeadline: payload.currentDeadline ? new Date(payload.currentDeadline) : null,
      status: 'pending',
      requestedAt: new Date(event.occurredAt),
      requestedEventId: event.eventId,
      correlationId: event.correlationId,
      decidedAt: null,
      decidedBy: null,
      decisionNote: null,
    };
    await requests.insert(request);
    return { status: 'opened', request };
  }
}
