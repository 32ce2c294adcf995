import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { CaseEventOf } from '@hotline/contracts';
import { AssignCaseWhenDispatchedHandler } from './assign-case-when-dispatched.handler';

@Controller()
export class CaseDispatchedConsumer {
  constructor(private readonly handler: AssignCaseWhenDispatchedHandler) {}

  @EventPattern('case.dispatched')
  async onDispatched(@Payload() event: CaseEventOf<'case.dispatched'>): Promise<void> {
    await this.handler.execute(event);
  }

  // 改派: the centre upheld a unit's dispute and sends the order to another unit.
  @EventPattern('case.redispatched')
  async onRedispatched(@Payload() event: CaseEventOf<'case.redispatched'>): Promise<void> {
    await this.handler.execute(event);
  }
}
