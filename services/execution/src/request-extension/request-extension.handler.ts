import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { newCaseEvent } from '@hotline/contracts';
import { appendToOutbox } from '@hotline/messaging';
import { UNIT_REQUEST_LIMITS, type UnitRequestLimits } from '../config/unit-request-limits';
import { enqueueWebhookDeliveries } from '../deliver-webhooks/enqueue-webhook-deliveries';
import { decideUnitAction, isVisibleToUnit, type UnitActionError } from '../domain/assignment';
import { checkExtensionRequest, type UnitRequestRefusal } from '../domain/unit-requests';
import { AssignmentRepository } from '../infrastructure/database/assignment.repository';
import type { AssignmentRecord } from '../infrastructure/database/entities/assignment.entity';
import { ExtensionRequestRepository } from '../infrastructure/database/extension-request.repository';
import type { RequestExtensionRequest } from './request-extension.request';

export type RequestExtensionResult =
  | { status: 'requested'; assignment: AssignmentRecord }
  | { status: 'not_found' }
  | { status: 'not_visible' }
  | { status: 'refused'; error: UnitActionError | UnitRequestRefusal }
  | { status: 'conflict' };

@Injectable()
export class RequestExtensionHandler {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(UNIT_REQUEST_LIMITS) private readonly limits: UnitRequestLimits,
  ) {}

  /** 延期申请: the unit asks for a later feedback deadline; the centre decides at dispatch. */
  async execute(caseId: string, request: RequestExtensionRequest & { agencyId: string }): Promise<RequestExtensionResult> {
    return this.dataSource.transaction(async (manager): Promise<RequestExtensionResult> => {
      const assignments = new AssignmentRepository(manager);
      const current = await assignments.find(caseId);
      if (!current) return { status: 'not_found' };
      if (!isVisibleToUnit(current, request.agencyId)) return { status: 'not_visible' };
      const decision = decideUnitAction(current, { agencyId: request.agencyId, action: 'case.extension_requested' });
      if (!decision.ok) return { status: 'refused', error: decision.error };
      const now = new Date();
      const requestedDeadline = new Date(request.requestedDeadline);
      const extensions = new ExtensionRequestRepository(manager);
      const { counted, nextNumber } = await extensions.tally(caseId);
      const check = checkExtensionRequest({
        caseId,
        currentDeadline: current.deadline,
        requestedDeadline,
        now,
        extensionsSoFar: counted,
        maxPerCase: this.limits.extensionMaxPerCase,
      });
      if (!check.ok) return { status: 'refused', error: check.error };
      const change = { status: decision.to, updatedAt: now };
      const isRequested = await assignments.compareAndSet(current, change);
      if (!isRequested) return { status: 'conflict' };
      const event = newCaseEvent({
        type: 'case.extension_requested',
        caseId,
        producer: 'execution',
        occurredAt: now,
        payload: { agencyId: current.agencyId, requestedDeadline: requestedDeadline.toISOString(), reason: request.reason, currentDeadline: current.deadline.toISOString() },
        cause: { eventId: current.dispatchEventId, correlationId: current.correlationId },
      });
      await extensions.insert({
        caseId,
        number: nextNumber,
        round: current.round,
        agencyId: current.agencyId,
        reason: request.reason,
        requestedDeadline,
        previousDeadline: current.deadline,
        status: 'pending',
        requestedAt: now,
        decidedAt: null,
        eventId: event.eventId,
      });
      await appendToOutbox(manager, [event]);
      await enqueueWebhookDeliveries(manager, { event, state: { ...current, ...change } });
      return { status: 'requested', assignment: { ...current, ...change } };
    });
  }
}
