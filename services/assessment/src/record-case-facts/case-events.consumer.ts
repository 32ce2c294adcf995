import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { CaseEvent } from '@hotline/contracts';
import { ALL_CASE_EVENTS } from '@hotline/messaging';
import { RecordCaseFactsHandler } from './record-case-facts.handler';

/** Every lifecycle event: assessment keeps its own facts of cases, rounds, check-ins and appeals. */
@Controller()
export class CaseEventsConsumer {
  constructor(private readonly handler: RecordCaseFactsHandler) {}

  @EventPattern(ALL_CASE_EVENTS)
  async record(@Payload() event: CaseEvent): Promise<void> {
    await this.handler.execute(event);
  }
}
