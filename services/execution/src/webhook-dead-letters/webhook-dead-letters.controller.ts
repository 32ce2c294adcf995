import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { Access } from '@hotline/access';
import { ApiContract, AppError, ZodPipe } from '@hotline/nest-platform';
import { deadLetterListSchema, replayedDeliverySchema } from './webhook-dead-letters.contract';
import { WebhookDeadLettersHandler, type DeadLetterView, type ReplayedDeliveryView } from './webhook-dead-letters.handler';
import { deliveryIdPathSchema, listDeadLettersQuerySchema, type ListDeadLettersQuery } from './webhook-dead-letters.request';

// The centre's operations: an admin lists and replays; an auditor, who reads everything, may list.
@Controller('v1/webhook-dead-letters')
export class WebhookDeadLettersController {
  constructor(private readonly handler: WebhookDeadLettersHandler) {}

  @ApiContract({ summary: 'Webhook deliveries that failed for their whole retry period, newest first', query: listDeadLettersQuerySchema, response: deadLetterListSchema })
  @Get()
  @Access({ roles: ['admin', 'auditor'], operation: 'webhook-dead-letters.list' })
  async list(@Query(new ZodPipe(listDeadLettersQuerySchema, 'query')) query: ListDeadLettersQuery): Promise<{ items: DeadLetterView[] }> {
    return { items: await this.handler.list(query) };
  }

  @ApiContract({
    summary: 'Puts a dead-lettered delivery back in its case\'s queue, in its original order, with a fresh retry period',
    params: deliveryIdPathSchema,
    response: replayedDeliverySchema,
    errors: ['WEBHOOK_DELIVERY.NOT_FOUND', 'WEBHOOK_DELIVERY.CONFLICT'],
  })
  @Post(':id/replay')
  @Access({ roles: ['admin'], operation: 'webhook-dead-letters.replay' })
  @HttpCode(202)
  async replay(@Param(new ZodPipe(deliveryIdPathSchema, 'path')) { id }: { id: string }): Promise<ReplayedDeliveryView> {
    const result = await this.handler.replay(id);
    switch (result.status) {
      case 'not_found':
        throw new AppError('WEBHOOK_DELIVERY.NOT_FOUND', `no webhook delivery ${id}`);
      case 'not_dead_lettered':
        throw new AppError('WEBHOOK_DELIVERY.CONFLICT', `webhook delivery ${id} is not dead-lettered`);
      case 'subscription_deleted':
        throw new AppError('WEBHOOK_DELIVERY.CONFLICT', `the subscription of webhook delivery ${id} was deleted`);
      case 'requeued':
        return result.delivery;
    }
  }
}
