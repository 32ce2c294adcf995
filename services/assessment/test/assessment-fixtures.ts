import { randomUUID } from 'node:crypto';
import { newCaseEvent, type CaseEvent, type CaseEventTypeName, type FollowUpResult, type PayloadOf, type Producer } from '@hotline/contracts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A month nobody else's test touches: a random one in the past, so its windows and deadlines have all passed. */
export function aFixtureMonth(): { month: string; previousMonth: string; start: Date } {
  const year = 1600 + Math.floor(Math.random() * 380);
  const monthNumber = 2 + Math.floor(Math.random() * 10);
  const pad = (value: number) => String(value).padStart(2, '0');
  return {
    month: `${year}-${pad(monthNumber)}`,
    previousMonth: `${year}-${pad(monthNumber - 1)}`,
    // The 5th at 10:00 Beijing time: far from the month's edges.
    start: new Date(`${year}-${pad(monthNumber)}-05T02:00:00.000Z`),
  };
}

export const reached = (resolved: boolean, satisfaction: FollowUpResult['satisfaction']): FollowUpResult => ({
  reached: true,
  resolved,
  satisfaction,
  note: null,
  operatorId: 'user:follow-up-1',
});

export const notReached: FollowUpResult = { reached: false, resolved: null, satisfaction: null, note: null, operatorId: 'user:follow-up-1' };

/**
 * Builds one case's events in order, each at a given offset from the dispatch, as the producing services
 * would send them (the contracts' own builder validates every one).
 */
export class CaseScript {
  readonly caseId = randomUUID();
  readonly events: CaseEvent[] = [];
  private round = 0;

  constructor(
    private agencyId: string,
    private readonly start: Date,
  ) {}

  private at(hours: number): Date {
    return new Date(this.start.getTime() + hours * HOUR);
  }

  private add<T extends CaseEventTypeName>(type: T, producer: Producer, hours: number, payload: PayloadOf<T>): this {
    this.events.push(newCaseEvent({ type, caseId: this.caseId, producer, occurredAt: this.at(hours), payload }));
    return this;
  }

  dispatched(hours = 0): this {
    this.round += 1;
    return this.add('case.dispatched', 'dispatch', hours, {
      agencyId: this.agencyId,
      agencyName: `测试单位 ${this.agencyId}`,
      copiedToAgencyIds: [],
      deadline: new Date(this.at(hours).getTime() + 7 * DAY).toISOString(),
      slaClock: { amount: 7, unit: 'natural_days' },
      catalogueVersion: 'test',
      ruleId: 'test',
      round: this.round,
    });
  }

  redispatched(hours: number, to: string): this {
    const previousAgencyId = this.agencyId;
    this.agencyId = to;
    this.round += 1;
    return this.add('case.redispatched', 'dispatch', hours, {
      agencyId: to,
      agencyName: `测试单位 ${to}`,
      copiedToAgencyIds: [],
      deadline: new Date(this.at(hours).getTime() + 7 * DAY).toISOString(),
      slaClock: { amount: 7, unit: 'natural_days' },
      catalogueVersion: 'test',
      ruleId: 'test',
      round: this.round,
      previousAgencyId,
      reason: '改派',
      returnReason: 'wrong_area',
      decidedBy: 'dispatcher',
    });
  }

  signed(hours: number): this {
    return this.add('case.signed', 'execution', hours, { agencyId: this.agencyId, signedBy: null });
  }

  returned(hours: number): this {
    return this.add('case.dispute_raised', 'execution', hours, { agencyId: this.agencyId, reason: 'wrong_area', explanation: '不在本辖区', round: this.round });
  }

  returnRejected(hours: number): this {
    return this.add('case.dispute_rejected', 'dispatch', hours, { agencyId: this.agencyId, reviewerId: 'user:dispatcher-1', explanation: '属本单位职责' });
  }

  signBreached(hours: number): this {
    return this.add('case.supervised', 'supervision', hours, {
      agencyId: this.agencyId,
      clock: 'sign',
      round: this.round,
      deadline: this.at(hours).toISOString(),
      step: 1,
      level: 'district',
      regionCode: '110105',
    });
  }

  feedback(hours: number): this {
    return this.add('case.feedback_submitted', 'execution', hours, { agencyId: this.agencyId, outcome: 'resolved', reply: '已处理' });
  }

  rework(hours: number): this {
    return this.add('case.rework_ordered', 'feedback', hours, { agencyId: this.agencyId, inspectorId: 'user:inspector-2', reworkCount: 1, note: '核查未通过' });
  }

  closed(hours: number, followUp: FollowUpResult, closedAs: 'follow_up' | 'unreachable' = 'follow_up'): this {
    return this.add('case.closed', 'feedback', hours, { followUp, agencyId: this.agencyId, closedAs });
  }

  reopened(hours: number, followUp: FollowUpResult): this {
    return this.add('case.reopened', 'feedback', hours, { followUp, agencyId: this.agencyId, reason: 'unsatisfied', reopenCount: 1, redispatchTo: 'same_unit' });
  }

  /** 并案 confirmed by a dispatcher after dispatch: the case joins `intoCaseId` and the unit's order is withdrawn. */
  mergedInto(hours: number, intoCaseId: string): this {
    return this.add('case.merged', 'dispatch', hours, { intoCaseId, reason: '调度员确认为重复诉求，并入原工单', confirmedBy: 'user:dispatcher-1' });
  }

  appealFiled(hours: number, appealId: string): this {
    return this.add('case.appeal_filed', 'execution', hours, { agencyId: this.agencyId, reason: '诉求不合理', appealId, note: '市民要求超出政策' });
  }

  whistle(hours: number, whistleId: string, summoned: string, arriveByHours: number): this {
    return this.add('case.whistle_blown', 'execution', hours, {
      whistleId,
      agencyId: this.agencyId,
      summonedAgencyIds: [summoned],
      arriveBy: this.at(arriveByHours).toISOString(),
      note: null,
    });
  }

  checkedIn(hours: number, whistleId: string, agencyId: string, arriveByHours: number): this {
    const lateByMinutes = Math.max(0, Math.round((hours - arriveByHours) * 60));
    return this.add('case.checked_in', 'execution', hours, {
      whistleId,
      agencyId,
      arriveBy: this.at(arriveByHours).toISOString(),
      isLate: lateByMinutes > 0,
      lateByMinutes,
      note: null,
    });
  }

  checkInMissed(hours: number, whistleId: string, agencyId: string, arriveByHours: number): this {
    return this.add('case.check_in_missed', 'execution', hours, { whistleId, agencyId, arriveBy: this.at(arriveByHours).toISOString() });
  }
}

/** A reported and classified case (with no handling), for hotspots and topics. */
export function aReportedCase(input: { reportedAt: Date; category: string; districtCode: string; streetCode: string }): { caseId: string; events: CaseEvent[] } {
  const caseId = randomUUID();
  return {
    caseId,
    events: [
      newCaseEvent({
        type: 'case.received',
        caseId,
        producer: 'intake',
        occurredAt: input.reportedAt,
        payload: {
          trackingNumber: `T-${caseId.slice(0, 8)}`,
          type: 'complaint',
          channel: 'phone',
          title: null,
          description: '夜间施工噪声扰民',
          location: null,
          address: null,
          reporter: null,
          externalId: null,
          reportedAt: input.reportedAt.toISOString(),
        },
      }),
      newCaseEvent({
        type: 'case.classified',
        caseId,
        producer: 'classification',
        occurredAt: input.reportedAt,
        payload: {
          category: input.category,
          categoryName: `测试类别 ${input.category}`,
          urgency: 'normal',
          districtCode: input.districtCode,
          districtName: '测试区',
          streetCode: input.streetCode,
          districtSource: 'text',
          confidence: 0.9,
          matchedKeywords: [],
          classifierVersion: 'test',
        },
      }),
    ],
  };
}
