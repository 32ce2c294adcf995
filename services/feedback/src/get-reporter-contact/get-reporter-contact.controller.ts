import { Controller, Get, Header, Param } from '@nestjs/common';
import { Access } from '@hotline/access';
import { ApiContract, AppError } from '@hotline/nest-platform';
import type { ReporterContact } from '@hotline/personal-data';
import { caseIdPipe } from '../infrastructure/http/case-id.param';
import { GetReporterContactHandler } from './get-reporter-contact.handler';
import { caseIdPathSchema } from '../infrastructure/http/reporter-contact.contract';
import { reporterContactResponseSchema } from './get-reporter-contact.contract';

@Controller('v1/cases')
export class GetReporterContactController {
  constructor(private readonly handler: GetReporterContactHandler) {}

  // The operator opens this for the one call they are about to make; lists only carry masked numbers.
  @ApiContract({ summary: 'One case\'s unmasked reporter contact, only while a call is due', params: caseIdPathSchema, response: reporterContactResponseSchema, errors: ['CASE.NOT_FOUND', 'FOLLOW_UP.FORBIDDEN'] })
  @Get(':caseId/reporter-contact')
  @Access({ roles: ['follow_up_operator', 'admin'], operation: 'reporter-contact.read' })
  @Header('Cache-Control', 'no-store')
  async get(
    @Param(caseIdPipe) { caseId }: { caseId: string },
  ): Promise<{ caseId: string; trackingNumber: string | null; reporter: ReporterContact }> {
    const result = await this.handler.execute(caseId);
    switch (result.status) {
      case 'not_found':
        throw new AppError('CASE.NOT_FOUND', `no case ${caseId} is known to the follow-up desk`);
      case 'not_due':
        throw new AppError('FOLLOW_UP.FORBIDDEN', `the reporter's contact is only given out while a follow-up call is due; the case is ${result.caseStatus}`);
      case 'found':
        return { caseId, trackingNumber: result.trackingNumber, reporter: result.reporter };
    }
  }
}
