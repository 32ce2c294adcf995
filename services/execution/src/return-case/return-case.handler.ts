import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { newCaseEvent } from '@hotline/contracts';
import { appendToOutbox } from '@hotline/messaging';
import { UNIT_REQUEST_LIMITS, type UnitRequestLimits } from '../config/unit-request-limits';
import { enqueueWebhookDeliveries } from '../deliver-webhooks/enqueue-webhook-deliveries';
import { decideUnitAction, isVisibleToUnit, type UnitActionError } from '../domain/assignment';
import { checkReturnWindow, type UnitRequestRefusal } from '../domain/unit-requests';
import { AssignmentRepository } from '../infrastructure/database/assignment.repository';
import type { AssignmentRecord } from '../infrastructure/database/entities/assignment.entity';
import type { ReturnCaseRequest } from './return-case.request';

export type ReturnCaseResult =
  | { status: 'returned'; assignment: AssignmentRecord }
  | { status: 'not_found' }
  | { status: 'not_visible' }
  | { status: 'refused'; error: UnitActionError | UnitRequestRefusal }
  | { status: 'conflict' };

@Injectable()
export class ReturnCaseHandler {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(UNIT_REQUEST_LIMITS) private readonly limits: UnitRequestLimits,
  ) {}

  /** 退单: the unit disputes the dispatch; the case waits for the centre's review (dispute_pending). */
  async execute(caseId: string, request: ReturnCaseRequest & { agencyId: string }): Promise<ReturnCaseResult> {
    return this.dataSource.transaction(async (manager): Promise<ReturnCaseResult> => {
      const assignments = new AssignmentRepository(manager);
      const current = await assignments.find(caseId);
      if (!current) return { status: 'not_found' };
      if (!isVisibleToUnit(current, request.agencyId)) return { status: 'not_visible' };
      const decision = decideUnitAction(current, { agencyId: request.agencyId, action: 'case.dispute_raised' });
      if (!decision.ok) return { status: 'refused', error: decision.error };
      const now = new Date();
      const window = checkReturnWindow({ caseId, dispatchedAt: current.dispatchedAt, now, windowS: this.limits.returnWindowS });
      if (!window.ok) return { status: 'refused', error: window.error };
      const change = { status: decision.to, updatedAt: now };
      const isReturned = await assignments.compareAndSet(current, change);
      if (!isReturned) return { status: 'conflict' };
      const event = newCaseEvent({
        type: 'case.dispute_raised',
        caseId,
        producer: 'execution',
        occurredAt: now,
        payload: { agencyId: current.agencyId, reason: request.reason, explanation: request.note, round: current.round },
        cause: { eventId: current.dispatchEventId, correlationId: current.correlationId },
      });
      await appendToOutbox(manager, [event]);
      await enqueueWebhookDeliveries(manager, { event, state: { ...current, ...change } });
      return { status: 'returned', assignment: { ...current, ...change } };
    });
  }
}
