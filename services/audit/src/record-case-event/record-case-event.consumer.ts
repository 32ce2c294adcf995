import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { CaseEvent } from '@hotline/contracts';
import { ALL_CASE_EVENTS } from '@hotline/messaging';
import { APP_LOGGER } from '@hotline/nest-platform';
import type { Logger } from '@hotline/observability';
import { RecordCaseEventHandler } from './record-case-event.handler';

/** Every lifecycle event, whatever its type, goes into the audit record. */
@Controller()
export class RecordCaseEventConsumer {
  constructor(
    private readonly handler: RecordCaseEventHandler,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  @EventPattern(ALL_CASE_EVENTS)
  async record(@Payload() event: CaseEvent): Promise<void> {
    const result = await this.handler.execute(event);
    const context = { caseId: event.caseId, eventId: event.eventId, type: event.type };
    switch (result.status) {
      case 'duplicate':
        this.logger.debug(context, 'event already recorded; skipped');
        return;
      case 'recorded':
        if (result.anomaly) this.logger.warn({ ...context, position: result.position, anomaly: result.anomaly }, 'event recorded out of lifecycle order');
        return;
    }
  }
}
