import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { CaseEventOf } from '@hotline/contracts';
import { APP_LOGGER } from '@hotline/nest-platform';
import type { Logger } from '@hotline/observability';
import { DispatchAgainWhenReopenedHandler } from './dispatch-again-when-reopened.handler';

@Controller()
export class DispatchAgainWhenReopenedConsumer {
  constructor(
    private readonly handler: DispatchAgainWhenReopenedHandler,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  @EventPattern('case.reopened')
  async onCaseReopened(@Payload() event: CaseEventOf<'case.reopened'>): Promise<void> {
    const result = await this.handler.execute(event);
    const context = { caseId: event.caseId, eventId: event.eventId, reason: event.payload.reason, redispatchTo: event.payload.redispatchTo ?? 'same_unit' };
    if (result.status === 'duplicate') {
      this.logger.debug(context, 'case.reopened already handled; skipped');
      return;
    }
    if (result.status === 'queued') {
      this.logger.info(context, 'reopened case queued for a dispatcher');
      return;
    }
    const { agencyId, round, deadline } = result.event.payload;
    this.logger.info({ ...context, agencyId, round, deadline }, 'reopened case dispatched again');
  }
}
