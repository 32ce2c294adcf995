import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { Access } from '@hotline/access';
import type { CaseStatus } from '@hotline/case-lifecycle';
import { ApiContract, AppError, ZodPipe } from '@hotline/nest-platform';
import type { ClosedAs, RedispatchTo } from '@hotline/contracts';
import { caseIdPipe } from '../infrastructure/http/case-id.param';
import { RecordFollowUpHandler, type RecordFollowUpResult } from './record-follow-up.handler';
import { recordFollowUpRequestSchema, type RecordFollowUpRequest } from './record-follow-up.request';
import { caseIdPathSchema } from '../infrastructure/http/reporter-contact.contract';
import { recordFollowUpResponseSchema } from './record-follow-up.contract';

export interface RecordFollowUpResponse {
  caseId: string;
  status: CaseStatus;
  outcome: 'attempted' | 'closed' | 'reopened';
  attempt: number;
  /** How the case closed (follow_up, or unreachable once the retry policy ran out); null unless closed. */
  closedAs: ClosedAs | null;
  /** The case's reopens so far, and where a reopen goes (same unit or a dispatcher); null unless reopened. */
  reopenCount: number | null;
  redispatchTo: RedispatchTo | null;
}

@Controller('v1/cases')
export class RecordFollowUpController {
  constructor(private readonly handler: RecordFollowUpHandler) {}

  @ApiContract({ summary: 'Record a follow-up call: closes or reopens the case', params: caseIdPathSchema, body: recordFollowUpRequestSchema, response: recordFollowUpResponseSchema, errors: ['CASE.NOT_FOUND', 'CASE.ILLEGAL_TRANSITION', 'FOLLOW_UP.REVIEW_PENDING', 'CASE.CONFLICT'] })
  @Post(':caseId/follow-up')
  @Access({ roles: ['follow_up_operator', 'admin'], operation: 'follow-ups.record' })
  @HttpCode(200)
  async record(
    @Param(caseIdPipe) { caseId }: { caseId: string },
    @Body(new ZodPipe(recordFollowUpRequestSchema)) body: RecordFollowUpRequest,
  ): Promise<RecordFollowUpResponse> {
    const result = await this.handler.execute(caseId, body);
    switch (result.status) {
      case 'not_found':
        throw new AppError('CASE.NOT_FOUND', `no case ${caseId} is known to the follow-up desk`);
      case 'refused':
        throw new AppError(result.error.code, result.error.message);
      case 'conflict':
        throw new AppError('CASE.CONFLICT', `case ${caseId} changed while the follow-up was being recorded; reload it and try again`);
      case 'recorded':
        return responseOf(caseId, result);
    }
  }
}

export function responseOf(caseId: string, result: Extract<RecordFollowUpResult, { status: 'recorded' }>): RecordFollowUpResponse {
  const { outcome } = result;
  return {
    caseId,
    status: result.caseStatus,
    outcome: outcome.outcome,
    attempt: result.attempt,
    closedAs: outcome.outcome === 'closed' ? outcome.closedAs : null,
    reopenCount: outcome.outcome === 'reopened' ? outcome.reopenCount : null,
    redispatchTo: outcome.outcome === 'reopened' ? outcome.redispatchTo : null,
  };
}
