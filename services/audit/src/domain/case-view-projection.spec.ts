import type { CaseEvent, PayloadOf } from '@hotline/contracts';
import { aCaseEvent, aReceivedPayload } from '@hotline/testing';
import { EMPTY_CASE_VIEW, projectCaseEvent, type CaseViewState } from './case-view-projection';

const caseId = '6b0f6a39-3f49-4f0c-9d6e-4a0a8f2a1c11';
const followUp = { reached: true, resolved: true, satisfaction: 'satisfied', note: null, operatorId: 'op-2' } as const;
const dispatchPayload: PayloadOf<'case.dispatched'> = {
  agencyId: 'street-110105-jianwai',
  agencyName: '建外街道办事处',
  copiedToAgencyIds: ['district-110105'],
  deadline: '2026-12-04T09:00:00.000Z',
  slaClock: { amount: 7, unit: 'natural_days' },
  catalogueVersion: '2026.11',
  ruleId: 'street-light@street',
  round: 1,
};

function fold(events: readonly CaseEvent[]): CaseViewState {
  return events.reduce((view, event) => projectCaseEvent(view, event).view, EMPTY_CASE_VIEW);
}

describe('projectCaseEvent', () => {
  it('follows a case from receipt to closing', () => {
    const received = aCaseEvent('case.received', aReceivedPayload({ trackingNumber: '261127-7K3QXA' }), { caseId });
    const view = fold([
      received,
      aCaseEvent(
        'case.classified',
        {
          category: 'street-light',
          categoryName: '路灯照明',
          urgency: 'normal',
          districtCode: '110105',
          districtName: '朝阳区',
          streetCode: null,
          districtSource: 'location',
          confidence: 0.9,
          matchedKeywords: ['路灯'],
          classifierVersion: 'kw-1',
        },
        { caseId, producer: 'classification' },
      ),
      aCaseEvent('case.dispatched', dispatchPayload, { caseId, producer: 'dispatch' }),
      aCaseEvent('case.signed', { agencyId: dispatchPayload.agencyId, signedBy: null }, { caseId, producer: 'execution' }),
      aCaseEvent(
        'case.extension_requested',
        { agencyId: dispatchPayload.agencyId, requestedDeadline: '2026-12-11T09:00:00.000Z', reason: '需协调供电公司' },
        { caseId, producer: 'execution' },
      ),
      aCaseEvent(
        'case.extension_approved',
        { agencyId: dispatchPayload.agencyId, newDeadline: '2026-12-11T09:00:00.000Z', reviewerId: null },
        { caseId, producer: 'execution' },
      ),
      aCaseEvent('case.feedback_submitted', { agencyId: dispatchPayload.agencyId, outcome: 'resolved', reply: '已更换灯泡' }, { caseId, producer: 'execution' }),
      aCaseEvent('case.closed', { followUp, agencyId: dispatchPayload.agencyId }, { caseId, producer: 'feedback' }),
    ]);
    expect(view).toMatchObject({
      trackingNumber: '261127-7K3QXA',
      type: 'complaint',
      channel: 'phone',
      category: 'street-light',
      districtName: '朝阳区',
      agencyName: '建外街道办事处',
      deadline: new Date('2026-12-11T09:00:00.000Z'),
      receivedAt: new Date(received.occurredAt),
      lastEventType: 'case.closed',
      status: 'closed',
      eventCount: 8,
      anomalies: 0,
    });
  });

  it('records an event the state machine forbids, keeps the status and counts the anomaly', () => {
    const signed = aCaseEvent('case.signed', { agencyId: 'street-110105-jianwai', signedBy: null }, { caseId, producer: 'execution' });
    const { view, anomaly } = projectCaseEvent(EMPTY_CASE_VIEW, signed);
    expect(view).toMatchObject({ status: null, eventCount: 1, anomalies: 1, signedAt: new Date(signed.occurredAt) });
    expect(anomaly).toContain('case.signed is not allowed before the case has been received');
    expect(view.lastAnomaly).toBe(anomaly);
  });

  it('starts a new handling round on re-dispatch', () => {
    const signedView: CaseViewState = { ...EMPTY_CASE_VIEW, status: 'dispute_pending', signedAt: new Date(), agencyId: 'a' };
    const redispatched = aCaseEvent(
      'case.redispatched',
      { ...dispatchPayload, agencyId: 'b', agencyName: '朝阳区城管委', previousAgencyId: 'a', reason: '属地不符', round: 2 },
      { caseId, producer: 'dispatch' },
    );
    expect(projectCaseEvent(signedView, redispatched).view).toMatchObject({ status: 'dispatched', agencyId: 'b', signedAt: null });
  });
});
