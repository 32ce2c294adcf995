import { Controller, Get, Param, Query } from '@nestjs/common';
import { z } from 'zod';
import { Access } from '@hotline/access';
import { ApiContract, AppError, ZodPipe } from '@hotline/nest-platform';
import {
  catalogueDiffSchema,
  catalogueListSchema,
  catalogueVersionPathSchema,
  catalogueVersionSchema,
  catalogueViewSchema,
  type CatalogueDiffView,
  type CatalogueSummaryView,
  type CatalogueView,
} from '../infrastructure/http/catalogue.contract';
import { BrowseCataloguesHandler } from './browse-catalogues.handler';

// The catalogue decides where every case goes: the centre's desk, its auditors and supervisors read it.
const CATALOGUE_READERS = ['dispatcher', 'auditor', 'supervisor', 'admin'] as const;

const diffQuerySchema = z.object({ against: catalogueVersionSchema }).strict();

const notFound = (version: number) => new AppError('CATALOGUE.NOT_FOUND', `No catalogue version ${version}.`, { version });

@Controller('v1/catalogues')
export class BrowseCataloguesController {
  constructor(private readonly handler: BrowseCataloguesHandler) {}

  @ApiContract({ summary: 'The versions of the dispatch catalogue (派单目录), newest first', response: catalogueListSchema })
  @Get()
  @Access({ roles: CATALOGUE_READERS, operation: 'catalogues.read' })
  async list(): Promise<{ items: CatalogueSummaryView[] }> {
    return { items: await this.handler.list() };
  }

  @ApiContract({ summary: 'One catalogue version with its rules, in order', params: catalogueVersionPathSchema, response: catalogueViewSchema, errors: ['CATALOGUE.NOT_FOUND'] })
  @Get(':version')
  @Access({ roles: CATALOGUE_READERS, operation: 'catalogues.read' })
  async get(@Param(new ZodPipe(catalogueVersionPathSchema, 'path')) { version }: { version: number }): Promise<CatalogueView> {
    const catalogue = await this.handler.get(version);
    if (!catalogue) throw notFound(version);
    return catalogue;
  }

  @ApiContract({
    summary: 'What changes from one catalogue version (against) to another',
    params: catalogueVersionPathSchema,
    query: diffQuerySchema,
    response: catalogueDiffSchema,
    errors: ['CATALOGUE.NOT_FOUND'],
  })
  @Get(':version/diff')
  @Access({ roles: CATALOGUE_READERS, operation: 'catalogues.read' })
  async diff(
    @Param(new ZodPipe(catalogueVersionPathSchema, 'path')) { version }: { version: number },
    @Query(new ZodPipe(diffQuerySchema, 'query')) { against }: { against: number },
  ): Promise<CatalogueDiffView> {
    const result = await this.handler.diff(version, against);
    if (result.status === 'not_found') throw notFound(result.version);
    return result.diff;
  }
}
