import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { newCaseEvent, type CaseEvent } from '@hotline/contracts';
import { appendToOutbox } from '@hotline/messaging';
import { compareAndSetUnlessWebhooksWanted, enqueueWebhookDeliveries } from '../deliver-webhooks/enqueue-webhook-deliveries';
import { decideUnitAction, isVisibleToUnit, type UnitActionError } from '../domain/assignment';
import { AssignmentRepository, type AssignmentChange } from '../infrastructure/database/assignment.repository';
import type { AssignmentRecord } from '../infrastructure/database/entities/assignment.entity';
import type { SignCaseRequest } from './sign-case.request';

export type SignCaseResult =
  | { status: 'signed'; assignment: AssignmentRecord }
  | { status: 'not_found' }
  | { status: 'not_visible' }
  | { status: 'refused'; error: UnitActionError }
  | { status: 'conflict' };

interface Signing {
  current: AssignmentRecord;
  change: AssignmentChange & Pick<AssignmentRecord, 'status'>;
  event: CaseEvent;
}

@Injectable()
export class SignCaseHandler {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * 签收: the unit acknowledges the order; the status change and `case.signed` commit together. When no
   * webhook subscription wants the event (the usual case, by the subscriptions this process last read) that
   * is one statement after the read, with no transaction round trips, written only if no subscription changed
   * since; otherwise a transaction also queues the deliveries.
   */
  async execute(caseId: string, request: SignCaseRequest & { agencyId: string }): Promise<SignCaseResult> {
    const manager = this.dataSource.manager;
    const signing = await this.prepare(manager, caseId, request);
    if (!('event' in signing)) return signing;
    const { current, change, event } = signing;
    const state = { ...current, ...change };
    const written = await compareAndSetUnlessWebhooksWanted(manager, { current, change, event });
    if (written === 'updated') return { status: 'signed', assignment: state };
    if (written === 'changed') return { status: 'conflict' };
    return this.dataSource.transaction(async (transaction): Promise<SignCaseResult> => {
      const again = await this.prepare(transaction, caseId, request);
      if (!('event' in again)) return again;
      const isSigned = await new AssignmentRepository(transaction).compareAndSet(again.current, again.change);
      if (!isSigned) return { status: 'conflict' };
      const signed = { ...again.current, ...again.change };
      await appendToOutbox(transaction, [again.event]);
      await enqueueWebhookDeliveries(transaction, { event: again.event, state: signed });
      return { status: 'signed', assignment: signed };
    });
  }

  private async prepare(manager: EntityManager, caseId: string, request: SignCaseRequest & { agencyId: string }): Promise<Signing | Exclude<SignCaseResult, { status: 'signed' | 'conflict' }>> {
    const current = await new AssignmentRepository(manager).find(caseId);
    if (!current) return { status: 'not_found' };
    if (!isVisibleToUnit(current, request.agencyId)) return { status: 'not_visible' };
    const decision = decideUnitAction(current, { agencyId: request.agencyId, action: 'case.signed' });
    if (!decision.ok) return { status: 'refused', error: decision.error };
    const now = new Date();
    const signedBy = request.signedBy ?? null;
    const event = newCaseEvent({
      type: 'case.signed',
      caseId,
      producer: 'execution',
      occurredAt: now,
      payload: { agencyId: current.agencyId, signedBy },
      cause: { eventId: current.dispatchEventId, correlationId: current.correlationId },
    });
    return { current, change: { status: decision.to, signedAt: now, signedBy, updatedAt: now }, event };
  }
}
