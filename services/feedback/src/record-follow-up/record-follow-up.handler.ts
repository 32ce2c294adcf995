import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { FollowUpCall } from '../domain/follow-up-outcome';
import type { FollowUpPolicy } from '../domain/follow-up-policy';
import { FollowUpRepository } from '../infrastructure/database/follow-up.repository';
import { FOLLOW_UP_POLICY } from '../follow-up-policy/follow-up-policy.provider';
import { concludeFollowUp, type ConcludeFollowUpResult } from './conclude-follow-up';
import type { RecordFollowUpRequest } from './record-follow-up.request';

export type RecordFollowUpResult = ConcludeFollowUpResult | { status: 'not_found' };

@Injectable()
export class RecordFollowUpHandler {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(FOLLOW_UP_POLICY) private readonly policy: FollowUpPolicy,
  ) {}

  /**
   * 回访 by phone: records the call and its consequence (attempt, 办结, unreachable or 重办) with its events.
   * Two statements and no transaction: the read, then one compare-and-set statement that writes nothing
   * (a 409) if the follow-up moved in between.
   */
  async execute(caseId: string, request: RecordFollowUpRequest): Promise<RecordFollowUpResult> {
    const { manager } = this.dataSource;
    const current = await new FollowUpRepository(manager).find(caseId);
    if (!current) return { status: 'not_found' };
    return concludeFollowUp(manager, { current, call: toCall(request), via: 'follow_up', policy: this.policy, now: new Date() });
  }
}

function toCall(request: RecordFollowUpRequest): FollowUpCall {
  const note = request.note ?? null;
  const operatorId = request.operatorId ?? null;
  return request.reached
    ? { reached: true, resolved: request.resolved, satisfaction: request.satisfaction, note, operatorId }
    : { reached: false, note, operatorId };
}
