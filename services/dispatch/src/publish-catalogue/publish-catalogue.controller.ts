import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { Access, CurrentPrincipal, type Principal } from '@hotline/access';
import { ApiContract, AppError, ZodPipe } from '@hotline/nest-platform';
import { CATALOGUE_EDITORS } from '../create-catalogue-draft/create-catalogue-draft.controller';
import { catalogueVersionPathSchema, catalogueViewSchema, type CatalogueView } from '../infrastructure/http/catalogue.contract';
import { PublishCatalogueHandler } from './publish-catalogue.handler';

@Controller('v1/catalogues')
export class PublishCatalogueController {
  constructor(private readonly handler: PublishCatalogueHandler) {}

  @ApiContract({
    summary: 'Publishes a draft catalogue version; it routes new dispatches from now on',
    description: 'The version published until now becomes superseded. Cases already dispatched keep the version and rule recorded with them.',
    params: catalogueVersionPathSchema,
    response: catalogueViewSchema,
    errors: ['CATALOGUE.NOT_FOUND', 'CATALOGUE.ILLEGAL_TRANSITION'],
  })
  @Post(':version/publish')
  @Access({ roles: CATALOGUE_EDITORS, operation: 'catalogues.publish' })
  @HttpCode(200)
  async publish(
    @CurrentPrincipal() principal: Principal,
    @Param(new ZodPipe(catalogueVersionPathSchema, 'path')) { version }: { version: number },
  ): Promise<CatalogueView> {
    const result = await this.handler.execute(version, principal.id);
    switch (result.status) {
      case 'not_found':
        throw new AppError('CATALOGUE.NOT_FOUND', `No catalogue version ${version}.`, { version });
      case 'not_a_draft':
        throw new AppError('CATALOGUE.ILLEGAL_TRANSITION', `Catalogue version ${version} is ${result.current}: only a draft can be published.`, { version, status: result.current });
      case 'published':
        return result.catalogue;
    }
  }
}
