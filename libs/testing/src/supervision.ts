// Test data for supervision: short SLA profiles in seconds and dispatched cases of a category of their own.
import { randomUUID } from 'node:crypto';
import type { CaseEvent } from '@hotline/contracts';
import { aCaseEvent, aReceivedPayload } from './factories';

/** A category of its own per test, so a test profile keyed on it touches no other case. */
export const aTestCategory = (): string => `sup_${randomUUID().slice(0, 8).replace(/-/g, '')}`;

/** A short profile in seconds, for one test category. */
export function aShortProfile(category: string, clocks: { sign: string; firstContact: string; feedback: string }, extra: Record<string, unknown> = {}) {
  return {
    name: `test ${category}`,
    category,
    clocks: {
      sign: { duration: clocks.sign, basis: 'clock_time' },
      first_contact: { duration: clocks.firstContact, basis: 'clock_time' },
      feedback: { duration: clocks.feedback, basis: 'clock_time' },
    },
    warningFractions: [0.5],
    escalateAfter: 'PT3S',
    ...extra,
  };
}

/** received → classified → dispatched to a street office (copied to its district) for a new case. */
export function aDispatchedCase(category: string, agencyId = `street-110105${randomUUID().slice(0, 3).replace(/\D/g, '0')}`): { caseId: string; agencyId: string; events: CaseEvent[] } {
  const received = aCaseEvent('case.received', aReceivedPayload());
  const caseId = received.caseId;
  const classified = aCaseEvent(
    'case.classified',
    {
      category,
      categoryName: '测试',
      urgency: 'normal',
      districtCode: '110105',
      districtName: '朝阳区',
      streetCode: null,
      districtSource: 'location',
      confidence: 0.9,
      matchedKeywords: [],
      classifierVersion: 'test',
    },
    { caseId, producer: 'classification' },
  );
  const dispatched = aCaseEvent(
    'case.dispatched',
    {
      agencyId,
      agencyName: '建外街道办事处',
      copiedToAgencyIds: ['gov-110105'],
      deadline: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      slaClock: { amount: 7, unit: 'natural_days' },
      catalogueVersion: '2026.11',
      ruleId: 'test@110105',
      round: 1,
    },
    { caseId, producer: 'dispatch' },
  );
  return { caseId, agencyId, events: [received, classified, dispatched] };
}

/** The timer events of a case as `type:clock:fraction-or-step`, to count each once. */
export function timerEventKeys(events: readonly CaseEvent[]): string[] {
  return events
    .map((event) => {
      if (event.type === 'case.deadline_warning') return `warning:${event.payload.clock}:${event.payload.fraction}`;
      if (event.type === 'case.supervised') return `supervised:${event.payload.clock}:${event.payload.step}:${event.payload.level}`;
      return event.type === 'case.deadline_passed' ? 'deadline_passed' : null;
    })
    .filter((key): key is string => key !== null)
    .sort();
}
