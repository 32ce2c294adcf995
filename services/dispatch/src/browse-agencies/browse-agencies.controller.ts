import { Controller, Get, Param, Query } from '@nestjs/common';
import { Access, ROLES } from '@hotline/access';
import { ApiContract, AppError, ZodPipe } from '@hotline/nest-platform';
import { BrowseAgenciesHandler, type AgencyView } from './browse-agencies.handler';
import { agencyIdSchema, listAgenciesQuerySchema, type ListAgenciesQuery } from './browse-agencies.request';
import { agencyListSchema, agencyPathSchema, agencyViewSchema } from './browse-agencies.contract';

@Controller('v1/agencies')
export class BrowseAgenciesController {
  constructor(private readonly handler: BrowseAgenciesHandler) {}

  @ApiContract({ summary: 'The handling units (承办单位)', query: listAgenciesQuerySchema, response: agencyListSchema })
  @Get()
  @Access({ roles: ROLES, operation: 'agencies.read' })
  async list(@Query(new ZodPipe(listAgenciesQuerySchema, 'query')) query: ListAgenciesQuery): Promise<{ items: AgencyView[] }> {
    return { items: await this.handler.list(query) };
  }

  @ApiContract({ summary: 'One handling unit', params: agencyPathSchema, response: agencyViewSchema, errors: ['AGENCY.NOT_FOUND'] })
  @Get(':agencyId')
  @Access({ roles: ROLES, operation: 'agencies.read' })
  async get(@Param('agencyId') rawAgencyId: string): Promise<AgencyView> {
    const agencyId = new ZodPipe(agencyIdSchema, 'agencyId path parameter').transform(rawAgencyId);
    const agency = await this.handler.get(agencyId);
    if (!agency) throw new AppError('AGENCY.NOT_FOUND', `No agency ${agencyId}.`, { agencyId });
    return agency;
  }
}
