import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { Access, CurrentPrincipal, type Principal } from '@hotline/access';
import { ApiContract, AppError, ZodPipe } from '@hotline/nest-platform';
import { caseIdPathSchema, caseIdPipe } from '../infrastructure/http/case-id.param';
import { possibleDuplicateSchema } from '../review-possible-duplicates/possible-duplicates.contract';
import { mergePossibleDuplicateSchema, type MergePossibleDuplicate } from '../review-possible-duplicates/possible-duplicates.request';
import type { PossibleDuplicateView } from '../review-possible-duplicates/possible-duplicates.store';
import { ConfirmDuplicateMergeHandler } from './confirm-duplicate-merge.handler';

@Controller('v1/possible-duplicates')
export class ConfirmDuplicateMergeController {
  constructor(private readonly handler: ConfirmDuplicateMergeHandler) {}

  @ApiContract({
    summary:
      '并案: the dispatcher confirms the flagged case repeats an open case; it ends as merged, its unit\'s order is withdrawn and the citizen sees the parent\'s progress. A retry answers the same.',
    params: caseIdPathSchema,
    body: mergePossibleDuplicateSchema,
    response: possibleDuplicateSchema,
    errors: [
      'VALIDATION.FAILED',
      'CASE.NOT_FOUND',
      'MERGE.NOT_FLAGGED',
      'POSSIBLE_DUPLICATE.CONFLICT',
      'MERGE.ALREADY_MERGED',
      'MERGE.CASE_CLOSED',
      'CASE.ILLEGAL_TRANSITION',
      'MERGE.PARENT_NOT_OPEN',
      'CASE.CONFLICT',
    ],
  })
  @Post(':caseId/merge')
  @Access({ roles: ['dispatcher', 'admin'], operation: 'possible-duplicates.decide' })
  @HttpCode(200)
  async merge(
    @CurrentPrincipal() principal: Principal,
    @Param(caseIdPipe) { caseId }: { caseId: string },
    @Body(new ZodPipe(mergePossibleDuplicateSchema)) body: MergePossibleDuplicate,
  ): Promise<PossibleDuplicateView> {
    if (body.intoCaseId === caseId) {
      const issue = { path: 'intoCaseId', message: 'is the flagged case itself: a case is merged into another one' };
      throw new AppError('VALIDATION.FAILED', `The request body is invalid: intoCaseId ${issue.message}`, { issues: [issue] });
    }
    const result = await this.handler.execute(caseId, body, principal.id);
    switch (result.status) {
      case 'refused':
        throw new AppError(result.error.code, result.error.message);
      case 'conflict':
        throw new AppError('CASE.CONFLICT', `case ${caseId} changed while the merge was being confirmed; reload it and try again`);
      case 'merged':
        return result.view;
    }
  }
}
