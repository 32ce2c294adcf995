import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { CaseEvent } from '@hotline/contracts';
import { APP_LOGGER } from '@hotline/nest-platform';
import type { Logger } from '@hotline/observability';
import { TrackCaseStatusHandler } from './track-case-status.handler';
import { TRACKED_EVENT_TYPES } from './tracked-event-types';

@Controller()
export class TrackCaseStatusConsumer {
  constructor(
    private readonly handler: TrackCaseStatusHandler,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  @EventPattern([...TRACKED_EVENT_TYPES])
  async onLifecycleEvent(@Payload() event: CaseEvent): Promise<void> {
    const result = await this.handler.execute(event);
    if (result.status === 'late') {
      this.logger.warn(
        { caseId: event.caseId, eventId: event.eventId, type: event.type, status: result.current, reason: result.reason },
        'event arrived after the case had ended here; recorded, status unchanged',
      );
    }
    if (result.status === 'moved') {
      this.logger.debug({ caseId: event.caseId, eventId: event.eventId, type: event.type, from: result.from, to: result.to }, 'case status followed');
    }
  }
}
