import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { CaseEventOf } from '@hotline/contracts';
import { APP_LOGGER } from '@hotline/nest-platform';
import type { Logger } from '@hotline/observability';
import { ClassifyCaseHandler } from './classify-case.handler';

@Controller()
export class ClassifyCaseConsumer {
  constructor(
    private readonly handler: ClassifyCaseHandler,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  @EventPattern('case.received')
  async onCaseReceived(@Payload() event: CaseEventOf<'case.received'>): Promise<void> {
    const result = await this.handler.execute(event);
    const context = { caseId: event.caseId, eventId: event.eventId };
    if (result.status === 'duplicate') {
      this.logger.debug(context, 'case.received already handled; skipped');
      return;
    }
    const { category, urgency, districtCode, districtSource, confidence } = result.classification;
    this.logger.info({ ...context, category, urgency, districtCode, districtSource, confidence }, 'case classified');
  }
}
