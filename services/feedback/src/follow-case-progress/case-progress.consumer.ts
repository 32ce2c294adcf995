import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { CaseEventOf } from '@hotline/contracts';
import { FollowCaseProgressHandler } from './follow-case-progress.handler';

@Controller()
export class CaseProgressConsumer {
  constructor(private readonly handler: FollowCaseProgressHandler) {}

  // 受理: brings the reporter's contact, needed to call back.
  @EventPattern('case.received')
  async onReceived(@Payload() event: CaseEventOf<'case.received'>): Promise<void> {
    await this.handler.execute(event);
  }

  // Orders ended at intake without dispatch: no call is due, but retention counts from here.
  @EventPattern('case.answered')
  async onAnswered(@Payload() event: CaseEventOf<'case.answered'>): Promise<void> {
    await this.handler.execute(event);
  }

  @EventPattern('case.transferred')
  async onTransferred(@Payload() event: CaseEventOf<'case.transferred'>): Promise<void> {
    await this.handler.execute(event);
  }

  @EventPattern('case.merged')
  async onMerged(@Payload() event: CaseEventOf<'case.merged'>): Promise<void> {
    await this.handler.execute(event);
  }

  @EventPattern('case.declined')
  async onDeclined(@Payload() event: CaseEventOf<'case.declined'>): Promise<void> {
    await this.handler.execute(event);
  }

  @EventPattern('case.dispatched')
  async onDispatched(@Payload() event: CaseEventOf<'case.dispatched'>): Promise<void> {
    await this.handler.execute(event);
  }

  @EventPattern('case.redispatched')
  async onRedispatched(@Payload() event: CaseEventOf<'case.redispatched'>): Promise<void> {
    await this.handler.execute(event);
  }

  @EventPattern('case.signed')
  async onSigned(@Payload() event: CaseEventOf<'case.signed'>): Promise<void> {
    await this.handler.execute(event);
  }

  // 办结反馈: the follow-up call is now due.
  @EventPattern('case.feedback_submitted')
  async onFeedbackSubmitted(@Payload() event: CaseEventOf<'case.feedback_submitted'>): Promise<void> {
    await this.handler.execute(event);
  }

  @EventPattern('case.feedback_returned')
  async onFeedbackReturned(@Payload() event: CaseEventOf<'case.feedback_returned'>): Promise<void> {
    await this.handler.execute(event);
  }

  // 重办 of a closed case: open again, so its retention period restarts at the next closing.
  @EventPattern('case.reopened')
  async onReopened(@Payload() event: CaseEventOf<'case.reopened'>): Promise<void> {
    await this.handler.execute(event);
  }

  // 超期: no report within the deadline, the citizen is called anyway.
  @EventPattern('case.deadline_passed')
  async onDeadlinePassed(@Payload() event: CaseEventOf<'case.deadline_passed'>): Promise<void> {
    await this.handler.execute(event);
  }
}
