import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { CaseEventOf } from '@hotline/contracts';
import { APP_LOGGER } from '@hotline/nest-platform';
import type { Logger } from '@hotline/observability';
import { DispatchWhenClassifiedHandler } from './dispatch-when-classified.handler';

@Controller()
export class DispatchWhenClassifiedConsumer {
  constructor(
    private readonly handler: DispatchWhenClassifiedHandler,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  @EventPattern('case.classified')
  async onCaseClassified(@Payload() event: CaseEventOf<'case.classified'>): Promise<void> {
    const result = await this.handler.execute(event);
    const context = { caseId: event.caseId, eventId: event.eventId, category: event.payload.category, districtCode: event.payload.districtCode };
    switch (result.status) {
      case 'duplicate':
        this.logger.debug(context, 'case.classified already handled; skipped');
        return;
      case 'queued':
        this.logger.warn({ ...context, reason: result.reason }, 'case queued for manual dispatch');
        return;
      case 'dispatched': {
        const { agencyId, deadline, ruleId } = result.event.payload;
        this.logger.info({ ...context, agencyId, deadline, ruleId }, 'case dispatched');
      }
    }
  }
}
