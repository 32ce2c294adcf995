import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { CaseEventOf } from '@hotline/contracts';
import { FollowCaseStatusHandler } from './follow-case-status.handler';

@Controller()
export class CaseStatusConsumer {
  constructor(private readonly handler: FollowCaseStatusHandler) {}

  @EventPattern('case.closed')
  async onClosed(@Payload() event: CaseEventOf<'case.closed'>): Promise<void> {
    await this.handler.execute(event);
  }

  @EventPattern('case.reopened')
  async onReopened(@Payload() event: CaseEventOf<'case.reopened'>): Promise<void> {
    await this.handler.execute(event);
  }

  @EventPattern('case.deadline_passed')
  async onDeadlinePassed(@Payload() event: CaseEventOf<'case.deadline_passed'>): Promise<void> {
    await this.handler.execute(event);
  }

  @EventPattern('case.feedback_returned')
  async onFeedbackReturned(@Payload() event: CaseEventOf<'case.feedback_returned'>): Promise<void> {
    await this.handler.execute(event);
  }
}
