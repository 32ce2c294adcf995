import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { newCaseEvent } from '@hotline/contracts';
import { appendToOutbox } from '@hotline/messaging';
import { decideUnitAction, isVisibleToUnit, type UnitActionError } from '../domain/assignment';
import { AssignmentRepository } from '../infrastructure/database/assignment.repository';
import { AppealRepository, type AppealRecord } from './appeal.repository';
import type { AppealCaseRequest } from './appeal-case.request';

export type AppealCaseResult =
  | { status: 'filed'; appeal: AppealRecord }
  | { status: 'not_found' }
  | { status: 'not_visible' }
  | { status: 'refused'; error: UnitActionError }
  | { status: 'already_appealed' }
  | { status: 'conflict' };

@Injectable()
export class AppealCaseHandler {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** 申诉: the unit that handled a closed case asks assessment to exclude it from its score. */
  async execute(caseId: string, request: AppealCaseRequest & { agencyId: string }): Promise<AppealCaseResult> {
    return this.dataSource.transaction(async (manager): Promise<AppealCaseResult> => {
      const assignments = new AssignmentRepository(manager);
      const current = await assignments.find(caseId);
      if (!current) return { status: 'not_found' };
      if (!isVisibleToUnit(current, request.agencyId)) return { status: 'not_visible' };
      // Only the lead unit of a closed case: not while it is open, nor while it is under appeal.
      const decision = decideUnitAction(current, { agencyId: request.agencyId, action: 'case.appeal_filed' });
      if (!decision.ok) return { status: 'refused', error: decision.error };
      const now = new Date();
      const appeal: AppealRecord = {
        appealId: randomUUID(),
        caseId,
        round: current.round,
        agencyId: current.agencyId,
        reason: request.reason,
        note: request.note ?? null,
        status: 'pending',
        filedAt: now,
        decidedAt: null,
      };
      const appeals = new AppealRepository(manager);
      if (await appeals.existsFor(caseId, current.round)) return { status: 'already_appealed' };
      const isMoved = await assignments.compareAndSet(current, { status: decision.to, updatedAt: now });
      if (!isMoved) return { status: 'conflict' };
      // The compare-and-set admits one appeal at a time; the unique (case, round) key backs it up.
      await appeals.insert(appeal);
      const event = newCaseEvent({
        type: 'case.appeal_filed',
        caseId,
        producer: 'execution',
        occurredAt: now,
        payload: { agencyId: appeal.agencyId, reason: appeal.reason, appealId: appeal.appealId, note: appeal.note },
        cause: { eventId: current.dispatchEventId, correlationId: current.correlationId },
      });
      await appendToOutbox(manager, [event]);
      return { status: 'filed', appeal };
    });
  }
}
