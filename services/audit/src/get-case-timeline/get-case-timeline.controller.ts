import { Controller, Get, Param } from '@nestjs/common';
import { Access, CurrentPrincipal, type Principal } from '@hotline/access';
import { ApiContract, ZodPipe } from '@hotline/nest-platform';
import { caseLookupError } from '../case-reference/case-reference.errors';
import { caseReferenceSchema } from '../case-reference/case-reference.request';
import { GetCaseTimelineHandler } from './get-case-timeline.handler';
import { caseHoldings } from '../domain/case-holders';
import { toHolderResponse, toTimelineEventResponse, type CaseTimelineResponse } from './get-case-timeline.response';
import { caseReferencePathSchema } from '../case-reference/case-reference.contract';
import { caseTimelineSchema } from './get-case-timeline.contract';

@Controller('v1/cases')
export class GetCaseTimelineController {
  constructor(private readonly handler: GetCaseTimelineHandler) {}

  /** The case's history from first report to follow-up, for auditors; reporter contact is masked. */
  @ApiContract({ summary: 'A case\'s every event in order, with producers and trace ids, and who held it when', params: caseReferencePathSchema, response: caseTimelineSchema, errors: ['CASE.NOT_FOUND', 'CASE.CONFLICT'] })
  @Get(':caseReference/timeline')
  @Access({ roles: ['auditor', 'supervisor', 'dispatcher', 'admin'], operation: 'cases.timeline' })
  async timeline(@CurrentPrincipal() principal: Principal, @Param('caseReference') rawReference: string): Promise<CaseTimelineResponse> {
    const reference = new ZodPipe(caseReferenceSchema, 'case id or tracking number').transform(rawReference);
    const result = await this.handler.execute(reference, principal);
    if (result.status !== 'found') throw caseLookupError(reference, result);
    const holders = caseHoldings(result.events.map((record) => record.envelope)).map(toHolderResponse);
    return { caseId: result.caseId, trackingNumber: result.trackingNumber, holders, events: result.events.map(toTimelineEventResponse) };
  }
}
