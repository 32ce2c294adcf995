import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { Access, CurrentPrincipal, type Principal } from '@hotline/access';
import { ApiContract, AppError, ZodPipe } from '@hotline/nest-platform';
import { catalogueViewSchema, type CatalogueView } from '../infrastructure/http/catalogue.contract';
import { CreateCatalogueDraftHandler } from './create-catalogue-draft.handler';
import { createCatalogueDraftRequestSchema, type CreateCatalogueDraftRequest } from './create-catalogue-draft.request';

// The centre's dispatch desk keeps the catalogue; auditors and supervisors only read it.
export const CATALOGUE_EDITORS = ['dispatcher', 'admin'] as const;

@Controller('v1/catalogues')
export class CreateCatalogueDraftController {
  constructor(private readonly handler: CreateCatalogueDraftHandler) {}

  @ApiContract({
    summary: 'Creates a draft catalogue version: a copy of the published one, or the rules in the body',
    description: 'Rules naming an unknown unit or category, a repeated ruleId, a co-handler that is the lead, or a condition-less rule before the last are refused with 400, every issue listed.',
    body: createCatalogueDraftRequestSchema,
    response: catalogueViewSchema,
    errors: ['CATALOGUE.CONFLICT'],
  })
  @Post()
  @Access({ roles: CATALOGUE_EDITORS, operation: 'catalogues.edit' })
  @HttpCode(201)
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodPipe(createCatalogueDraftRequestSchema)) body: CreateCatalogueDraftRequest,
  ): Promise<CatalogueView> {
    const result = await this.handler.execute({ note: body.note, rules: body.rules ?? null, createdBy: principal.id });
    switch (result.status) {
      case 'invalid':
        throw new AppError('VALIDATION.FAILED', `The catalogue is invalid: ${result.issues.map((i) => `${i.path} ${i.message}`).join('; ')}`, { issues: result.issues });
      case 'nothing_published':
        throw new AppError('CATALOGUE.CONFLICT', 'No catalogue version is published to copy; send the rules in the body.');
      case 'created':
        return result.catalogue;
    }
  }
}
