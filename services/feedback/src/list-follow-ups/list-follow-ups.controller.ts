import { Controller, Get, Query } from '@nestjs/common';
import { Access } from '@hotline/access';
import type { CaseStatus } from '@hotline/case-lifecycle';
import type { ClosedAs, FeedbackOutcome, FollowUpResult } from '@hotline/contracts';
import { ApiContract, ZodPipe } from '@hotline/nest-platform';
import { PersonalDataCipher, type ReporterContact } from '@hotline/personal-data';
import { maskedReporterContact } from '../infrastructure/database/reporter-contact';
import type { FollowUpRecord } from '../infrastructure/database/entities/follow-up.entity';
import { ListFollowUpsHandler } from './list-follow-ups.handler';
import { listFollowUpsQuerySchema, type ListFollowUpsQuery } from './list-follow-ups.request';
import { followUpListSchema } from './list-follow-ups.contract';

export interface FollowUpItem {
  caseId: string;
  trackingNumber: string | null;
  status: CaseStatus;
  agencyId: string | null;
  feedbackOutcome: FeedbackOutcome | null;
  feedbackReply: string | null;
  feedbackAt: string | null;
  attempts: number;
  lastResult: FollowUpResult | null;
  closedAt: string | null;
  /** How the case closed: follow_up, survey, unreachable or inspection_passed; null while open. */
  closedAs: ClosedAs | null;
  /** 重办, 退回 and 返工 counts of the case. */
  reopenCount: number;
  returnCount: number;
  reworkCount: number;
  /** Always masked (a confidential reporter hidden); the clear contact is GET /v1/cases/{caseId}/reporter-contact. */
  reporter: ReporterContact;
}

@Controller('v1/follow-ups')
export class ListFollowUpsController {
  constructor(
    private readonly handler: ListFollowUpsHandler,
    private readonly cipher: PersonalDataCipher,
  ) {}

  @ApiContract({ summary: 'Follow-up calls (回访) by status; reporter contacts masked', query: listFollowUpsQuerySchema, response: followUpListSchema })
  @Get()
  @Access({ roles: ['follow_up_operator', 'dispatcher', 'auditor', 'admin'], operation: 'follow-ups.list' })
  async list(@Query(new ZodPipe(listFollowUpsQuerySchema, 'query')) query: ListFollowUpsQuery): Promise<{ items: FollowUpItem[] }> {
    const records = await this.handler.execute(query);
    return { items: records.map((record) => toItem(record, this.cipher)) };
  }
}

function toItem(record: FollowUpRecord, cipher: PersonalDataCipher): FollowUpItem {
  return {
    caseId: record.caseId,
    trackingNumber: record.trackingNumber,
    status: record.status,
    agencyId: record.agencyId,
    feedbackOutcome: record.feedbackOutcome,
    feedbackReply: record.feedbackReply,
    feedbackAt: record.feedbackAt?.toISOString() ?? null,
    attempts: record.attempts,
    lastResult: record.result,
    closedAt: record.closedAt?.toISOString() ?? null,
    closedAs: record.closedAs,
    reopenCount: record.reopenCount,
    returnCount: record.returnCount,
    reworkCount: record.reworkCount,
    reporter: maskedReporterContact(cipher, record),
  };
}
