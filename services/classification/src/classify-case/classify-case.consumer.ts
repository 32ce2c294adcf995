import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { CaseEventOf } from '@hotline/contracts';
import { APP_LOGGER } from '@hotline/nest-platform';
import type { Logger } from '@hotline/observability';
import { ClassifyCaseHandler, type ClassifyCaseResult } from './classify-case.handler';

@Controller()
export class ClassifyCaseConsumer {
  constructor(
    private readonly handler: ClassifyCaseHandler,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  @EventPattern('case.received')
  async onCaseReceived(@Payload() event: CaseEventOf<'case.received'>): Promise<void> {
    this.log(event, await this.handler.execute(event));
  }

  @EventPattern('case.filed')
  async onCaseFiled(@Payload() event: CaseEventOf<'case.filed'>): Promise<void> {
    this.log(event, await this.handler.executeFiled(event));
  }

  @EventPattern('case.filing_rejected')
  async onFilingRejected(@Payload() event: CaseEventOf<'case.filing_rejected'>): Promise<void> {
    await this.handler.executeFilingRejected(event);
  }

  private log(event: { caseId: string; eventId: string; type: string }, result: ClassifyCaseResult): void {
    const context = { caseId: event.caseId, eventId: event.eventId };
    switch (result.status) {
      case 'duplicate':
        this.logger.debug(context, `${event.type} already handled; skipped`);
        return;
      case 'held_for_filing':
        this.logger.info(context, 'grid report waits for filing');
        return;
      case 'triaged':
        this.logger.info({ ...context, outcome: result.outcome }, 'case triaged without dispatch');
        return;
      case 'classified': {
        const { category, urgency, districtCode, districtSource, confidence } = result.classification;
        this.logger.info({ ...context, category, urgency, districtCode, districtSource, confidence }, 'case classified');
      }
    }
  }
}
