import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { RunClocksHandler, type ClockEvent } from './run-clocks.handler';

// One pattern per event the clocks follow; every other case event is not this service's concern.
@Controller()
export class CaseEventsConsumer {
  constructor(private readonly handler: RunClocksHandler) {}

  @EventPattern('case.received')
  async onReceived(@Payload() event: ClockEvent): Promise<void> {
    await this.handler.execute(event);
  }

  @EventPattern('case.classified')
  async onClassified(@Payload() event: ClockEvent): Promise<void> {
    await this.handler.execute(event);
  }

  @EventPattern('case.dispatched')
  async onDispatched(@Payload() event: ClockEvent): Promise<void> {
    await this.handler.execute(event);
  }

  @EventPattern('case.redispatched')
  async onRedispatched(@Payload() event: ClockEvent): Promise<void> {
    await this.handler.execute(event);
  }

  @EventPattern('case.signed')
  async onSigned(@Payload() event: ClockEvent): Promise<void> {
    await this.handler.execute(event);
  }

  @EventPattern('case.dispute_raised')
  async onDisputeRaised(@Payload() event: ClockEvent): Promise<void> {
    await this.handler.execute(event);
  }

  @EventPattern('case.dispute_rejected')
  async onDisputeRejected(@Payload() event: ClockEvent): Promise<void> {
    await this.handler.execute(event);
  }

  @EventPattern('case.extension_requested')
  async onExtensionRequested(@Payload() event: ClockEvent): Promise<void> {
    await this.handler.execute(event);
  }

  @EventPattern('case.extension_approved')
  async onExtensionApproved(@Payload() event: ClockEvent): Promise<void> {
    await this.handler.execute(event);
  }

  @EventPattern('case.extension_rejected')
  async onExtensionRejected(@Payload() event: ClockEvent): Promise<void> {
    await this.handler.execute(event);
  }

  @EventPattern('case.feedback_submitted')
  async onFeedbackSubmitted(@Payload() event: ClockEvent): Promise<void> {
    await this.handler.execute(event);
  }

  @EventPattern('case.feedback_returned')
  async onFeedbackReturned(@Payload() event: ClockEvent): Promise<void> {
    await this.handler.execute(event);
  }

  // 返工: a failed on-site check of a grid case sends it back to the unit, like a returned reply.
  @EventPattern('case.rework_ordered')
  async onReworkOrdered(@Payload() event: ClockEvent): Promise<void> {
    await this.handler.execute(event);
  }

  // 并案: a dispatched case a dispatcher merged into another one; an automatic merge has no clocks to stop.
  @EventPattern('case.merged')
  async onMerged(@Payload() event: ClockEvent): Promise<void> {
    await this.handler.execute(event);
  }

  @EventPattern('case.closed')
  async onClosed(@Payload() event: ClockEvent): Promise<void> {
    await this.handler.execute(event);
  }

  @EventPattern('case.reopened')
  async onReopened(@Payload() event: ClockEvent): Promise<void> {
    await this.handler.execute(event);
  }
}
