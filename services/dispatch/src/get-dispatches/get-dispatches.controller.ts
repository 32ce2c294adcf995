import { Controller, Get, Param } from '@nestjs/common';
import { Access } from '@hotline/access';
import { z } from 'zod';
import { ApiContract, AppError, ZodPipe } from '@hotline/nest-platform';
import { GetDispatchesHandler, type CaseDispatchesView } from './get-dispatches.handler';
import { caseDispatchesViewSchema, caseIdPathSchema } from './get-dispatches.contract';

const caseIdSchema = z.uuid({ error: 'must be a UUID' });

@Controller('v1/dispatches')
export class GetDispatchesController {
  constructor(private readonly handler: GetDispatchesHandler) {}

  @ApiContract({ summary: 'A case\'s dispatch rounds (派单, 改派)', params: caseIdPathSchema, response: caseDispatchesViewSchema, errors: ['DISPATCH.NOT_FOUND'] })
  @Get(':caseId')
  @Access({ roles: ['dispatcher', 'auditor', 'admin'], operation: 'dispatches.read' })
  async get(@Param('caseId') rawCaseId: string): Promise<CaseDispatchesView> {
    const caseId = new ZodPipe(caseIdSchema, 'caseId path parameter').transform(rawCaseId);
    const view = await this.handler.execute(caseId);
    if (!view) throw new AppError('DISPATCH.NOT_FOUND', `Dispatch has no record of case ${caseId} (not classified yet, or unknown).`, { caseId });
    return view;
  }
}
