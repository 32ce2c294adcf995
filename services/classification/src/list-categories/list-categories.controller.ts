import { Controller, Get } from '@nestjs/common';
import { Access, ROLES } from '@hotline/access';
import { ListCategoriesHandler, type CategoryCatalogueView } from './list-categories.handler';

@Controller('v1/categories')
export class ListCategoriesController {
  constructor(private readonly handler: ListCategoriesHandler) {}

  @Get()
  @Access({ roles: ROLES, operation: 'categories.read' })
  list(): Promise<CategoryCatalogueView> {
    return this.handler.execute();
  }
}
