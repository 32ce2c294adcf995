import { Controller, Get, Param } from '@nestjs/common';
import { Access } from '@hotline/access';
import { z } from 'zod';
import { ApiContract, AppError, ZodPipe } from '@hotline/nest-platform';
import { GetClassificationHandler, type ClassificationView } from './get-classification.handler';
import { classificationViewSchema } from './get-classification.contract';

const caseIdSchema = z.uuid({ error: 'must be a UUID' });

@Controller('v1/classifications')
export class GetClassificationController {
  constructor(private readonly handler: GetClassificationHandler) {}

  @ApiContract({ summary: 'A case\'s classification: category, urgency and where (district, street, community, unit grid, component)', params: z.object({ caseId: caseIdSchema }), response: classificationViewSchema, errors: ['CLASSIFICATION.NOT_FOUND'] })
  @Get(':caseId')
  @Access({ roles: ['dispatcher', 'auditor', 'admin'], operation: 'classifications.read' })
  async get(@Param('caseId') rawCaseId: string): Promise<ClassificationView> {
    const caseId = new ZodPipe(caseIdSchema, 'caseId path parameter').transform(rawCaseId);
    const result = await this.handler.execute(caseId);
    switch (result.status) {
      case 'not_found':
        throw new AppError('CLASSIFICATION.NOT_FOUND', `No classification for case ${caseId} (not received yet, or not classified yet).`, { caseId });
      case 'found':
        return result.classification;
    }
  }
}
