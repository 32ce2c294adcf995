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

  // 派单异议 rejected: the unit keeps the case, its deadline unchanged (首接负责).
  @EventPattern('case.dispute_rejected')
  async onDisputeRejected(@Payload() event: CaseEventOf<'case.dispute_rejected'>): Promise<void> {
    await this.handler.execute(event);
  }

  // 延期: approved moves the deadline; rejected leaves it.
  @EventPattern('case.extension_approved')
  async onExtensionApproved(@Payload() event: CaseEventOf<'case.extension_approved'>): Promise<void> {
    await this.handler.execute(event);
  }

  @EventPattern('case.extension_rejected')
  async onExtensionRejected(@Payload() event: CaseEventOf<'case.extension_rejected'>): Promise<void> {
    await this.handler.execute(event);
  }

  // 审核通过: the reply stands; the case waits for the follow-up call.
  @EventPattern('case.feedback_approved')
  async onFeedbackApproved(@Payload() event: CaseEventOf<'case.feedback_approved'>): Promise<void> {
    await this.handler.execute(event);
  }

  // 返工: a failed on-site check puts a grid case back in the unit's queue as signed.
  @EventPattern('case.rework_ordered')
  async onReworkOrdered(@Payload() event: CaseEventOf<'case.rework_ordered'>): Promise<void> {
    await this.handler.execute(event);
  }

  // 并案 confirmed by a dispatcher: the order is withdrawn from the unit (an automatic merge never reached one).
  @EventPattern('case.merged')
  async onMerged(@Payload() event: CaseEventOf<'case.merged'>): Promise<void> {
    await this.handler.execute(event);
  }

  @EventPattern('case.feedback_returned')
  async onFeedbackReturned(@Payload() event: CaseEventOf<'case.feedback_returned'>): Promise<void> {
    await this.handler.execute(event);
  }
}
