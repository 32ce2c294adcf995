import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { transition, type IllegalTransitionError } from '@hotline/case-lifecycle';
import { newCaseEvent, type CaseEvent } from '@hotline/contracts';
import { appendToOutbox } from '@hotline/messaging';
import { CaseStateConflictError, compareAndSetCaseStatus, readCaseStatus } from '../case-state/case-state.store';
import { ExtensionRequestRecord } from '../infrastructure/database/entities/extension-request.entity';

export type DecideExtensionResult =
  | { status: 'decided'; request: ExtensionRequestRecord }
  | { status: 'not_found' }
  | { status: 'refused'; error: IllegalTransitionError }
  | { status: 'conflict' };

export type ExtensionDecision = { approve: true; note: string | null } | { approve: false; note: string };

@Injectable()
export class DecideExtensionHandler {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * 延期: approval moves the feedback deadline to the one requested and tells the citizen (through
   * case.extension_approved); rejection leaves the deadline. Either way the unit handles on (signed).
   */
  async execute(caseId: string, decision: ExtensionDecision, reviewerId: string): Promise<DecideExtensionResult> {
    return this.dataSource.transaction(async (manager): Promise<DecideExtensionResult> => {
      const request = await manager
        .getRepository(ExtensionRequestRecord)
        .createQueryBuilder('request')
        .setLock('pessimistic_write')
        .where('request.case_id = :caseId AND request.status = :status', { caseId, status: 'pending' })
        .getOne();
      const current = await readCaseStatus(manager, caseId);
      if (current === null) return { status: 'not_found' };
      const type = decision.approve ? 'case.extension_approved' : 'case.extension_rejected';
      const move = transition(current, type);
      if (!move.ok) return { status: 'refused', error: move.error };
      if (!request) return { status: 'conflict' };
      if (!(await this.moveCase(manager, caseId, current, move.to))) return { status: 'conflict' };
      const now = new Date();
      const change = { status: decision.approve ? 'approved' : 'rejected', decidedAt: now, decidedBy: reviewerId, decisionNote: decision.note } as const;
      await manager.getRepository(ExtensionRequestRecord).update({ caseId, number: request.number, status: 'pending' }, change);
      const cause = { eventId: request.requestedEventId, correlationId: request.correlationId };
      const event: CaseEvent = decision.approve
        ? newCaseEvent({
            type: 'case.extension_approved',
            caseId,
            producer: 'dispatch',
            occurredAt: now,
            cause,
            payload: {
              agencyId: request.agencyId,
              newDeadline: request.requestedDeadline.toISOString(),
              reviewerId,
              ...(request.previousDeadline ? { previousDeadline: request.previousDeadline.toISOString() } : {}),
              reason: request.reason,
            },
          })
        : newCaseEvent({
            type: 'case.extension_rejected',
            caseId,
            producer: 'dispatch',
            occurredAt: now,
            cause,
            payload: { agencyId: request.agencyId, reviewerId, explanation: decision.note },
          });
      await appendToOutbox(manager, [event]);
      return { status: 'decided', request: { ...request, ...change } };
    });
  }

  private async moveCase(manager: EntityManager, caseId: string, from: Parameters<typeof compareAndSetCaseStatus>[2], to: Parameters<typeof compareAndSetCaseStatus>[3]): Promise<boolean> {
    try {
      await compareAndSetCaseStatus(manager, caseId, from, to);
      return true;
    } catch (err) {
      if (err instanceof CaseStateConflictError) return false;
      throw err;
    }
  }
}
