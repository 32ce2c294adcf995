import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { Access, CurrentPrincipal, type Principal } from '@hotline/access';
import { ApiContract, AppError, ZodPipe } from '@hotline/nest-platform';
import { caseIdPathSchema, caseIdPipe } from '../infrastructure/http/case-id.param';
import { possibleDuplicateSchema, possibleDuplicatesSchema } from './possible-duplicates.contract';
import {
  dismissPossibleDuplicateSchema,
  possibleDuplicatesQuerySchema,
  type DismissPossibleDuplicate,
  type PossibleDuplicatesQuery,
} from './possible-duplicates.request';
import type { PossibleDuplicateView } from './possible-duplicates.store';
import { ReviewPossibleDuplicatesHandler } from './review-possible-duplicates.handler';

@Controller('v1/possible-duplicates')
export class ReviewPossibleDuplicatesController {
  constructor(private readonly handler: ReviewPossibleDuplicatesHandler) {}

  @ApiContract({
    summary: '并案: cases dispatched as usual that may repeat an open case (scored between the flag and merge thresholds)',
    query: possibleDuplicatesQuerySchema,
    response: possibleDuplicatesSchema,
  })
  @Get()
  @Access({ roles: ['dispatcher', 'auditor', 'admin'], operation: 'possible-duplicates.read' })
  async list(@Query(new ZodPipe(possibleDuplicatesQuerySchema, 'query')) query: PossibleDuplicatesQuery): Promise<{ items: PossibleDuplicateView[] }> {
    return { items: await this.handler.list(query) };
  }

  @ApiContract({
    summary: '并案: the dispatcher finds the flagged case is not a repeat; it leaves the list',
    params: caseIdPathSchema,
    body: dismissPossibleDuplicateSchema,
    response: possibleDuplicateSchema,
    errors: ['POSSIBLE_DUPLICATE.NOT_FOUND', 'POSSIBLE_DUPLICATE.CONFLICT'],
  })
  @Post(':caseId/dismiss')
  @Access({ roles: ['dispatcher', 'admin'], operation: 'possible-duplicates.decide' })
  @HttpCode(200)
  async dismiss(
    @CurrentPrincipal() principal: Principal,
    @Param(caseIdPipe) { caseId }: { caseId: string },
    @Body(new ZodPipe(dismissPossibleDuplicateSchema)) body: DismissPossibleDuplicate,
  ): Promise<PossibleDuplicateView> {
    const result = await this.handler.dismiss(caseId, body, principal.id);
    switch (result.status) {
      case 'not_found':
        throw new AppError('POSSIBLE_DUPLICATE.NOT_FOUND', `Case ${caseId} is not flagged as a possible duplicate.`);
      case 'already_decided':
        throw new AppError('POSSIBLE_DUPLICATE.CONFLICT', `Case ${caseId}'s flag was already ${result.view.status} by ${result.view.decidedBy ?? 'someone'}.`);
      case 'dismissed':
        return result.view;
    }
  }
}
