import type { CaseEvent } from '@hotline/contracts';
import { aCaseEvent, aReceivedPayload } from '@hotline/testing';
import { EMPTY_OPEN311_REQUEST, projectOpen311Event, type Open311RequestState } from './open311-request-projection';

const caseId = '0c5f3f0e-8a57-4d55-9b0c-2f3f7c1d9a21';
const at = (event: CaseEvent, occurredAt: string): CaseEvent => ({ ...event, occurredAt });

function fold(events: readonly CaseEvent[]): Open311RequestState {
  return events.reduce((state, event) => projectOpen311Event(state, event).state, EMPTY_OPEN311_REQUEST);
}

describe('projectOpen311Event', () => {
  const received = at(aCaseEvent('case.received', aReceivedPayload(), { caseId }), '2026-12-02T08:00:00.000Z');
  const closed = at(
    aCaseEvent(
      'case.closed',
      { followUp: { reached: true, resolved: true, satisfaction: 'satisfied', note: null, operatorId: null }, agencyId: 'street-110105001' },
      { caseId, producer: 'feedback' },
    ),
    '2026-12-02T09:00:00.000Z',
  );

  it('keeps the newest note when an earlier event is seen after a later one', () => {
    const inOrder = fold([received, closed]);
    const late = fold([closed, received]);
    expect(late.statusNote).toBe(inOrder.statusNote);
    expect(late.statusNote).not.toBe(fold([received]).statusNote);
    expect(late.trackingNumber).toBe(received.type === 'case.received' ? received.payload.trackingNumber : null);
    expect(late.updatedAt?.toISOString()).toBe('2026-12-02T09:00:00.000Z');
  });

  it('remembers the case a merged request joined (并案), so Open311 can show that case\'s progress', () => {
    const intoCaseId = '5b9a3c8e-2f4d-4e1a-9c7b-1d2e3f4a5b6c';
    const merged = at(aCaseEvent('case.merged', { intoCaseId, reason: '重复诉求' }, { caseId, producer: 'classification' }), '2026-12-02T08:00:05.000Z');
    expect(fold([received]).mergedIntoCaseId).toBeNull();
    expect(fold([received, merged])).toMatchObject({ mergedIntoCaseId: intoCaseId, caseStatus: 'merged' });
  });

  it('still reports the late event as a note in the history, at its own time', () => {
    const update = projectOpen311Event(fold([closed]), received).update;
    expect(update?.updatedAt.toISOString()).toBe('2026-12-02T08:00:00.000Z');
  });

  it('tells the citizen which channel a declined matter belongs to, and no internal reason otherwise', () => {
    const declined = (reason: 'other_legal_channel' | 'outside_remit') =>
      at(aCaseEvent('case.declined', { reason, explanation: '请向人民法院反映：该事项属于司法诉讼程序。' }, { caseId, producer: 'classification' }), '2026-12-02T08:01:00.000Z');
    expect(fold([received, declined('other_legal_channel')]).statusNote).toContain('人民法院');
    expect(fold([received, declined('outside_remit')]).statusNote).not.toContain('人民法院');
  });
});
