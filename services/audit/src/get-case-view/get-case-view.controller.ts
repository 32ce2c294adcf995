import { Controller, Get, Param } from '@nestjs/common';
import { Access, CurrentPrincipal, type Principal } from '@hotline/access';
import { ApiContract, ZodPipe } from '@hotline/nest-platform';
import { caseLookupError } from '../case-reference/case-reference.errors';
import { caseReferenceSchema } from '../case-reference/case-reference.request';
import { CaseViewFinder } from '../case-reference/case-view.finder';
import { toCaseViewResponse, type CaseViewResponse } from './get-case-view.response';
import { caseReferencePathSchema } from '../case-reference/case-reference.contract';
import { caseViewSchema } from './get-case-view.contract';

@Controller('v1/cases')
export class GetCaseViewController {
  constructor(private readonly finder: CaseViewFinder) {}

  /** The case at a glance, by id or by the tracking number the citizen was given. */
  @ApiContract({ summary: 'A case at a glance, by id or tracking number', params: caseReferencePathSchema, response: caseViewSchema, errors: ['CASE.NOT_FOUND', 'CASE.CONFLICT'] })
  @Get(':caseReference')
  @Access({ roles: ['auditor', 'supervisor', 'inspector', 'dispatcher', 'hotline_client', 'admin'], operation: 'cases.read' })
  async get(@CurrentPrincipal() principal: Principal, @Param('caseReference') rawReference: string): Promise<CaseViewResponse> {
    const reference = new ZodPipe(caseReferenceSchema, 'case id or tracking number').transform(rawReference);
    const result = await this.finder.find(reference, principal);
    if (result.status !== 'found') throw caseLookupError(reference, result);
    return toCaseViewResponse(result.view, await this.finder.mergedInto(result.view));
  }
}
