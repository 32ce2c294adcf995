import { newCaseEvent, type CaseEvent } from '@hotline/contracts';
import { supervisorFor } from '../domain/escalation';
import type { DueTimer } from './due-timers';

/**
 * The events one timer fires. A warning warns (预警). A breach supervises (督办, step 1) and, for the
 * feedback clock, which is the case's deadline, also emits case.deadline_passed (the follow-up call
 * becomes due). The escalation calls in the next level (step 2).
 */
export function eventsOfTimer(timer: DueTimer, context: { cityRegionCode: string; now: Date }): CaseEvent[] {
  const base = { caseId: timer.caseId, producer: 'supervision' as const, occurredAt: context.now };
  const clockFields = { agencyId: timer.agencyId, clock: timer.clock, round: timer.round, deadline: timer.deadline.toISOString() };
  const supervise = (step: 1 | 2) => {
    const supervisor = supervisorFor(step, { handlerLevel: timer.handlerLevel ?? 'other', districtCode: timer.districtCode, cityRegionCode: context.cityRegionCode });
    return newCaseEvent({ ...base, type: 'case.supervised', payload: { ...clockFields, step, ...supervisor } });
  };
  switch (timer.kind) {
    case 'warning':
      return [newCaseEvent({ ...base, type: 'case.deadline_warning', payload: { ...clockFields, fraction: timer.fraction } })];
    case 'breach':
      return timer.clock === 'feedback'
        ? [newCaseEvent({ ...base, type: 'case.deadline_passed', payload: { agencyId: timer.agencyId, deadline: clockFields.deadline } }), supervise(1)]
        : [supervise(1)];
    case 'escalation':
      return [supervise(2)];
  }
}
