import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { newCaseEvent } from '@hotline/contracts';
import { appendToOutbox } from '@hotline/messaging';
import { AppealRepository, type AppealRecord } from '../infrastructure/database/appeal.repository';
import type { DecideAppealRequest } from './appeal.request';

export type DecideAppealResult = { status: 'decided'; appeal: AppealRecord } | { status: 'not_found' } | { status: 'already_decided'; appeal: AppealRecord };

@Injectable()
export class DecideAppealHandler {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(filter: { status?: AppealRecord['status']; limit: number }): Promise<AppealRecord[]> {
    return new AppealRepository(this.dataSource.manager).list(filter);
  }

  /** 诉求认定: the decision and `case.appeal_decided` commit together; the exclusion follows from the event. */
  async execute(appealId: string, request: DecideAppealRequest & { reviewerId: string }): Promise<DecideAppealResult> {
    return this.dataSource.transaction(async (manager): Promise<DecideAppealResult> => {
      const appeals = new AppealRepository(manager);
      const appeal = await appeals.find(appealId, { lock: true });
      if (!appeal) return { status: 'not_found' };
      if (appeal.status !== 'pending') return { status: 'already_decided', appeal };
      const now = new Date();
      const note = request.note ?? null;
      await appeals.decide(appealId, { isUpheld: request.upheld, reviewerId: request.reviewerId, note, decidedAt: now });
      const event = newCaseEvent({
        type: 'case.appeal_decided',
        caseId: appeal.caseId,
        producer: 'assessment',
        occurredAt: now,
        payload: { agencyId: appeal.agencyId, isUpheld: request.upheld, reviewerId: request.reviewerId, appealId, note },
      });
      await appendToOutbox(manager, [event]);
      return {
        status: 'decided',
        appeal: { ...appeal, status: request.upheld ? 'upheld' : 'rejected', decidedAt: now, reviewerId: request.reviewerId, decisionNote: note },
      };
    });
  }
}
