import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { CaseEventOf } from '@hotline/contracts';
import { APP_LOGGER } from '@hotline/nest-platform';
import type { Logger } from '@hotline/observability';
import { OpenDisputeWhenReturnedHandler } from './open-dispute-when-returned.handler';

@Controller()
export class OpenDisputeWhenReturnedConsumer {
  constructor(
    private readonly handler: OpenDisputeWhenReturnedHandler,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  @EventPattern('case.dispute_raised')
  async onDisputeRaised(@Payload() event: CaseEventOf<'case.dispute_raised'>): Promise<void> {
    const result = await this.handler.execute(event);
    if (result.status === 'opened') {
      const { agencyId, returnNumber, requiresArbitration } = result.dispute;
      this.logger.info({ caseId: event.caseId, eventId: event.eventId, agencyId, returnNumber, requiresArbitration }, 'case returned; dispute waits for review');
    }
  }
}
