import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { newCaseEvent } from '@hotline/contracts';
import { appendToOutbox } from '@hotline/messaging';
import { enqueueWebhookDeliveries } from '../deliver-webhooks/enqueue-webhook-deliveries';
import { decideUnitAction, isVisibleToUnit, type UnitActionError } from '../domain/assignment';
import { AssignmentRepository } from '../infrastructure/database/assignment.repository';
import type { AssignmentRecord } from '../infrastructure/database/entities/assignment.entity';
import type { SignCaseRequest } from './sign-case.request';

export type SignCaseResult =
  | { status: 'signed'; assignment: AssignmentRecord }
  | { status: 'not_found' }
  | { status: 'not_visible' }
  | { status: 'refused'; error: UnitActionError }
  | { status: 'conflict' };

@Injectable()
export class SignCaseHandler {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** 签收: the unit acknowledges the order; the status change and `case.signed` commit together. */
  async execute(caseId: string, request: SignCaseRequest & { agencyId: string }): Promise<SignCaseResult> {
    return this.dataSource.transaction(async (manager): Promise<SignCaseResult> => {
      const assignments = new AssignmentRepository(manager);
      const current = await assignments.find(caseId);
      if (!current) return { status: 'not_found' };
      if (!isVisibleToUnit(current, request.agencyId)) return { status: 'not_visible' };
      const decision = decideUnitAction(current, { agencyId: request.agencyId, action: 'case.signed' });
      if (!decision.ok) return { status: 'refused', error: decision.error };
      const now = new Date();
      const signedBy = request.signedBy ?? null;
      const isSigned = await assignments.compareAndSet(current, { status: decision.to, signedAt: now, signedBy, updatedAt: now });
      if (!isSigned) return { status: 'conflict' };
      const event = newCaseEvent({
        type: 'case.signed',
        caseId,
        producer: 'execution',
        occurredAt: now,
        payload: { agencyId: current.agencyId, signedBy },
        cause: { eventId: current.dispatchEventId, correlationId: current.correlationId },
      });
      await appendToOutbox(manager, [event]);
      await enqueueWebhookDeliveries(manager, { event, state: { ...current, status: decision.to } });
      return { status: 'signed', assignment: { ...current, status: decision.to, signedAt: now, signedBy, updatedAt: now } };
    });
  }
}
