import { Controller, Get, Query } from '@nestjs/common';
import { z } from 'zod';
import { Access } from '@hotline/access';
import { ApiContract, ZodPipe, responseSchemaFor } from '@hotline/nest-platform';
import { disputeViewSchema, type DisputeView } from '../infrastructure/http/dispute.view';
import { ListDisputesHandler } from './list-disputes.handler';
import { listDisputesQuerySchema, type ListDisputesQuery } from './list-disputes.request';

const disputeListSchema = responseSchemaFor<{ items: DisputeView[] }>()(z.object({ items: z.array(disputeViewSchema) }));

@Controller('v1/disputes')
export class ListDisputesController {
  constructor(private readonly handler: ListDisputesHandler) {}

  @ApiContract({ summary: 'Returned cases (退单 / 派单异议) and the centre\'s decisions, oldest first', query: listDisputesQuerySchema, response: disputeListSchema })
  @Get()
  @Access({ roles: ['dispatcher', 'arbitrator', 'auditor', 'admin'], operation: 'disputes.read' })
  async list(@Query(new ZodPipe(listDisputesQuerySchema, 'query')) query: ListDisputesQuery): Promise<{ items: DisputeView[] }> {
    return { items: await this.handler.execute(query) };
  }
}
