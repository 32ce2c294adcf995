import { Controller, Get } from '@nestjs/common';
import { Access, ROLES } from '@hotline/access';
import { ApiContract } from '@hotline/nest-platform';
import { ListCategoriesHandler, type CategoryCatalogueView } from './list-categories.handler';
import { categoryCatalogueSchema } from './list-categories.contract';

@Controller('v1/categories')
export class ListCategoriesController {
  constructor(private readonly handler: ListCategoriesHandler) {}

  @ApiContract({ summary: 'The categories a case can be filed under', response: categoryCatalogueSchema })
  @Get()
  @Access({ roles: ROLES, operation: 'categories.read' })
  list(): Promise<CategoryCatalogueView> {
    return this.handler.execute();
  }
}
