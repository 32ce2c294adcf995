import { Controller, Get } from '@nestjs/common';
import { ListCategoriesHandler, type CategoryCatalogueView } from './list-categories.handler';

@Controller('v1/categories')
export class ListCategoriesController {
  constructor(private readonly handler: ListCategoriesHandler) {}

  @Get()
  list(): Promise<CategoryCatalogueView> {
    return this.handler.execute();
  }
}
