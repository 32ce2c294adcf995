import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { CaseEventOf } from '@hotline/contracts';
import { APP_LOGGER } from '@hotline/nest-platform';
import type { Logger } from '@hotline/observability';
import { OpenExtensionReviewWhenRequestedHandler } from './open-extension-review-when-requested.handler';

@Controller()
export class OpenExtensionReviewWhenRequestedConsumer {
  constructor(
    private readonly handler: OpenExtensionReviewWhenRequestedHandler,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  @EventPattern('case.extension_requested')
  async onExtensionRequested(@Payload() event: CaseEventOf<'case.extension_requested'>): Promise<void> {
    const result = await this.handler.execute(event);
    if (result.status === 'opened') {
      const { agencyId, number, requestedDeadline } = result.request;
      this.logger.info({ caseId: event.caseId, eventId: event.eventId, agencyId, number, requestedDeadline }, 'extension requested; waits for review');
    }
  }
}
