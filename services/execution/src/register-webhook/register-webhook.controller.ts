import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { Access, CurrentPrincipal, type Principal } from '@hotline/access';
import { ApiContract, AppError, ReplayOmits, ZodPipe } from '@hotline/nest-platform';
import { actingUnit } from '../infrastructure/http/acting-unit';
import { registeredWebhookSchema, webhookListSchema, type RegisterWebhookAnswer } from './register-webhook.contract';
import { RegisterWebhookHandler, type WebhookView } from './register-webhook.handler';
import { registerWebhookRequestSchema, webhookIdPathSchema, type RegisterWebhookRequest } from './register-webhook.request';

// Subscriptions belong to a unit and are managed by its own operators only: the unit is taken from
// the credentials, so no body or path can register, list or delete another unit's.
@Controller('v1/webhooks')
export class RegisterWebhookController {
  constructor(private readonly handler: RegisterWebhookHandler) {}

  @ApiContract({
    summary: 'The unit registers an endpoint for signed case-event deliveries',
    description: 'https:// only (http:// to 127.0.0.1 in development and test); private, loopback and link-local hosts are refused. The answer carries the signing secret, once.',
    body: registerWebhookRequestSchema,
    response: registeredWebhookSchema,
  })
  @Post()
  // The secret is shown once: a retry with the same Idempotency-Key gets the subscription without it.
  @ReplayOmits('secret')
  @Access({ roles: ['unit_operator'], operation: 'webhooks.register' })
  @HttpCode(201)
  async register(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodPipe(registerWebhookRequestSchema)) body: RegisterWebhookRequest,
  ): Promise<RegisterWebhookAnswer> {
    const result = await this.handler.register({ ...body, agencyId: actingUnit(principal), createdBy: principal.id });
    switch (result.status) {
      case 'invalid_url':
        throw new AppError('VALIDATION.FAILED', 'The request is invalid.', { issues: [{ path: 'url', message: result.reason }] });
      case 'registered':
        return result.webhook;
    }
  }

  @ApiContract({ summary: 'The unit\'s webhook subscriptions (without their secrets)', response: webhookListSchema })
  @Get()
  @Access({ roles: ['unit_operator'], operation: 'webhooks.list' })
  async list(@CurrentPrincipal() principal: Principal): Promise<{ items: WebhookView[] }> {
    return { items: await this.handler.list(actingUnit(principal)) };
  }

  @ApiContract({ summary: 'The unit ends a subscription; its pending deliveries are cancelled', params: webhookIdPathSchema, errors: ['WEBHOOK.NOT_FOUND'] })
  @Delete(':id')
  @Access({ roles: ['unit_operator'], operation: 'webhooks.delete' })
  @HttpCode(204)
  async delete(@CurrentPrincipal() principal: Principal, @Param(new ZodPipe(webhookIdPathSchema, 'path')) { id }: { id: string }): Promise<void> {
    const isDeleted = await this.handler.delete(id, actingUnit(principal));
    if (!isDeleted) throw new AppError('WEBHOOK.NOT_FOUND', `no webhook ${id}`);
  }
}
