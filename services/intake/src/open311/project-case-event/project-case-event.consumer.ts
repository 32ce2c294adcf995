import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { CaseEvent } from '@hotline/contracts';
import { ALL_CASE_EVENTS } from '@hotline/messaging';
import { ProjectCaseEventHandler } from './project-case-event.handler';

/** Every lifecycle event feeds the Open311 view (status, unit, deadline, notes). */
@Controller()
export class ProjectCaseEventConsumer {
  constructor(private readonly handler: ProjectCaseEventHandler) {}

  @EventPattern(ALL_CASE_EVENTS)
  async project(@Payload() event: CaseEvent): Promise<void> {
    await this.handler.execute(event);
  }
}
