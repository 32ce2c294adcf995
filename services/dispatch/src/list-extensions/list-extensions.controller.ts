import { Controller, Get, Query } from '@nestjs/common';
import { z } from 'zod';
import { Access } from '@hotline/access';
import { ApiContract, ZodPipe, responseSchemaFor } from '@hotline/nest-platform';
import { extensionRequestViewSchema, type ExtensionRequestView } from '../infrastructure/http/extension-request.view';
import { ListExtensionsHandler } from './list-extensions.handler';
import { listExtensionsQuerySchema, type ListExtensionsQuery } from './list-extensions.request';

const extensionListSchema = responseSchemaFor<{ items: ExtensionRequestView[] }>()(z.object({ items: z.array(extensionRequestViewSchema) }));

@Controller('v1/extensions')
export class ListExtensionsController {
  constructor(private readonly handler: ListExtensionsHandler) {}

  @ApiContract({ summary: 'Requests for more time (延期申请) and the centre\'s decisions, oldest first', query: listExtensionsQuerySchema, response: extensionListSchema })
  @Get()
  @Access({ roles: ['dispatcher', 'auditor', 'admin'], operation: 'extensions.read' })
  async list(@Query(new ZodPipe(listExtensionsQuerySchema, 'query')) query: ListExtensionsQuery): Promise<{ items: ExtensionRequestView[] }> {
    return { items: await this.handler.execute(query) };
  }
}
