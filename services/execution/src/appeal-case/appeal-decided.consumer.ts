import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { CaseEventOf } from '@hotline/contracts';
import { FollowAppealDecisionHandler } from './follow-appeal-decision.handler';

/** 诉求认定: assessment decided the unit's appeal; the case is closed again, whatever the outcome. */
@Controller()
export class AppealDecidedConsumer {
  constructor(private readonly handler: FollowAppealDecisionHandler) {}

  @EventPattern('case.appeal_decided')
  async onAppealDecided(@Payload() event: CaseEventOf<'case.appeal_decided'>): Promise<void> {
    await this.handler.execute(event);
  }
}
