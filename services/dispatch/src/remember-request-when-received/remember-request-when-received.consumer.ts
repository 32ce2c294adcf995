import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { CaseEventOf } from '@hotline/contracts';
import { RememberRequestWhenReceivedHandler } from './remember-request-when-received.handler';

@Controller()
export class RememberRequestWhenReceivedConsumer {
  constructor(private readonly handler: RememberRequestWhenReceivedHandler) {}

  @EventPattern('case.received')
  async onCaseReceived(@Payload() event: CaseEventOf<'case.received'>): Promise<void> {
    await this.handler.execute(event);
  }
}
