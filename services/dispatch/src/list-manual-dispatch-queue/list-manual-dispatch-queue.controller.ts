import { Controller, Get, Query } from '@nestjs/common';
import { Access } from '@hotline/access';
import { z } from 'zod';
import { ApiContract, ZodPipe, wholeNumberParam } from '@hotline/nest-platform';
import { ListManualDispatchQueueHandler, type ManualDispatchView } from './list-manual-dispatch-queue.handler';
import { manualDispatchQueueSchema } from './list-manual-dispatch-queue.contract';

const queueQuerySchema = z.object({ limit: wholeNumberParam({ min: 1, max: 1000 }).default(200) }).strict();
type QueueQuery = z.infer<typeof queueQuerySchema>;

@Controller('v1/manual-dispatch-queue')
export class ListManualDispatchQueueController {
  constructor(private readonly handler: ListManualDispatchQueueHandler) {}

  @ApiContract({ summary: 'Cases no routing rule covers, waiting for a dispatcher', query: queueQuerySchema, response: manualDispatchQueueSchema })
  @Get()
  @Access({ roles: ['dispatcher', 'auditor', 'admin'], operation: 'manual-dispatch-queue.read' })
  async list(@Query(new ZodPipe(queueQuerySchema, 'query')) query: QueueQuery): Promise<{ items: ManualDispatchView[] }> {
    return { items: await this.handler.execute(query.limit) };
  }
}
