import { All, Controller, Get, Param, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Public } from '@hotline/access';
import { ApiContract, ApiExcluded } from '@hotline/nest-platform';
import type { Form } from '../domain/open311-input';
import { formatOf } from './open311-discovery.controller';
import { Open311Error, Open311ErrorFilter } from './open311-error.filter';
import { sendOpen311 } from './open311-format';
import { updatesFilterOf } from './open311-query';
import { Open311RequestsReader } from './open311-requests.reader';
import { formatParams, updatesQuery } from './open311.contract';
import { open311JsonSchemas } from './open311.schemas';

@Controller('open311/v2')
@UseFilters(Open311ErrorFilter)
export class Open311UpdatesController {
  constructor(private readonly reader: Open311RequestsReader) {}

  @ApiContract({
    summary: 'Open311 extension (mySociety): status updates of every request, so channels get status back',
    description: 'update_id is the id of the case event behind the update; at most 90 days per call, 1,000 per page.',
    params: formatParams,
    query: updatesQuery,
    response: open311JsonSchemas.updates,
  })
  @Get('servicerequestupdates.:format')
  @Public()
  async updates(@Param('format') format: string, @Query() query: Form, @Res() response: Response): Promise<void> {
    const checked = formatOf(format);
    const updates = await this.reader.updates(updatesFilterOf(query));
    sendOpen311(response, { format: checked, root: 'service_request_updates', body: updates });
  }
}

/** Anything else under /open311/v2/ is a 404 in the spec's error format. Registered last. */
@Controller('open311/v2')
@UseFilters(Open311ErrorFilter)
@ApiExcluded()
export class Open311NotFoundController {
  @All('*path')
  @Public()
  notFound(@Req() request: Request): never {
    throw new Open311Error(404, [`no such resource: ${request.method} ${request.path}`]);
  }
}
