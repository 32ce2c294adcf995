import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { hasEnded, transition, type CaseStatus } from '@hotline/case-lifecycle';
import type { CaseEvent } from '@hotline/contracts';
import { PermanentMessageError, processOnce } from '@hotline/messaging';
import { compareAndSetCaseStatus, readCaseStatus } from '../case-state/case-state.store';
import { forgetCaseRequest } from '../case-request/case-request.store';
import { ManualDispatchRecord } from '../infrastructure/database/entities/manual-dispatch.entity';
import { DISPATCH_CONSUMER } from '../infrastructure/messaging/dispatch-consumer';

export type TrackCaseStatusResult =
  | { status: 'moved'; from: CaseStatus; to: CaseStatus }
  | { status: 'untracked' }
  /** The case had already ended here (merged, closed …) when the event came: it happened, it moves nothing. */
  | { status: 'late'; current: CaseStatus; reason: string }
  | { status: 'duplicate' };

/**
 * The statuses in which a case may wait for a dispatcher (the manual queue: classified with no rule,
 * reopened to a dispatcher) or still hold its undispatched request (received, classified).
 */
const MAY_WAIT_FOR_A_DISPATCHER: ReadonlySet<CaseStatus> = new Set<CaseStatus>(['received', 'classified', 'reopened']);

@Injectable()
export class TrackCaseStatusHandler {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Follows a lifecycle event of a case dispatch holds; a case it never classified is not its concern. */
  async execute(event: CaseEvent): Promise<TrackCaseStatusResult> {
    const outcome = await processOnce(this.dataSource, DISPATCH_CONSUMER.consumerName, event, (manager) => this.track(manager, event));
    return outcome.status === 'duplicate' ? outcome : outcome.value;
  }

  private async track(manager: EntityManager, event: CaseEvent): Promise<TrackCaseStatusResult> {
    const current = await readCaseStatus(manager, event.caseId);
    if (current === null) return { status: 'untracked' };
    const moved = transition(current, event.type);
    if (!moved.ok) {
      // A unit that signed or replied in the moment between a dispatcher's merge (or the closing call) and
      // that news reaching execution: a race, not a fault. Audit records the event; dispatch's status stays.
      if (hasEnded(current)) return { status: 'late', current, reason: moved.error.message };
      throw new PermanentMessageError(moved.error.code, `case ${event.caseId}: ${moved.error.message}`);
    }
    await compareAndSetCaseStatus(manager, event.caseId, current, moved.to);
    // A queued case that the centre answered, merged, transferred or declined no longer waits for a dispatcher.
    // Only a case in a status the queue holds can have a row there (or an undispatched request): the
    // statements are not spent on the events of every later step.
    if (moved.to !== 'classified' && MAY_WAIT_FOR_A_DISPATCHER.has(current)) {
      await manager.getRepository(ManualDispatchRecord).delete({ caseId: event.caseId });
      await forgetCaseRequest(manager, event.caseId);
    }
    return { status: 'moved', from: current, to: moved.to };
  }
}
