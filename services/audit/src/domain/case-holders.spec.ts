import { newCaseEvent, type CaseEventOf, type CaseEventTypeName, type PayloadOf } from '@hotline/contracts';
import { caseHoldings } from './case-holders';

const caseId = '6b0f6a39-3f49-4f0c-9d6e-4a0a8f2a1c11';
const time = (minute: number) => new Date(Date.UTC(2026, 11, 1, 8, minute));
const anEvent = <T extends CaseEventTypeName>(type: T, payload: PayloadOf<T>, minute: number): CaseEventOf<T> =>
  newCaseEvent({ type, caseId, producer: 'dispatch', payload, occurredAt: time(minute) });
const dispatch: PayloadOf<'case.dispatched'> = {
  agencyId: 'street-110105001',
  agencyName: '建外街道办事处',
  copiedToAgencyIds: ['gov-110105'],
  deadline: '2026-12-08T08:00:00.000Z',
  slaClock: { amount: 7, unit: 'natural_days' },
  catalogueVersion: '2026.1',
  ruleId: 'noise-110105',
  round: 1,
};

describe('caseHoldings', () => {
  it('shows each unit that held the case, from its dispatch until the re-dispatch or closing that ended it', () => {
    const holdings = caseHoldings([
      anEvent('case.dispatched', dispatch, 0),
      anEvent('case.signed', { agencyId: dispatch.agencyId, signedBy: null }, 1),
      anEvent('case.dispute_raised', { agencyId: dispatch.agencyId, reason: 'not_in_remit', explanation: '不属于本街道职责' }, 2),
      anEvent('case.redispatched', { ...dispatch, agencyId: 'city-urban-management', agencyName: '北京市城市管理委员会', copiedToAgencyIds: [], round: 2, previousAgencyId: dispatch.agencyId, reason: '路灯为市管' }, 5),
      anEvent('case.feedback_submitted', { agencyId: 'city-urban-management', outcome: 'resolved', reply: '已修复' }, 9),
      anEvent('case.closed', { agencyId: 'city-urban-management', followUp: { reached: true, resolved: true, satisfaction: 'satisfied', note: null, operatorId: null } }, 12),
    ]);
    expect(holdings).toEqual([
      { agencyId: 'street-110105001', agencyName: '建外街道办事处', round: 1, copiedTo: ['gov-110105'], from: time(0), until: time(5), endedBy: 'case.redispatched', returnedAt: time(2) },
      { agencyId: 'city-urban-management', agencyName: '北京市城市管理委员会', round: 2, copiedTo: [], from: time(5), until: time(12), endedBy: 'case.closed', returnedAt: null },
    ]);
  });

  it('keeps the unit as holder while its return waits or after the return is rejected', () => {
    const holdings = caseHoldings([
      anEvent('case.dispatched', dispatch, 0),
      anEvent('case.dispute_raised', { agencyId: dispatch.agencyId, reason: 'wrong_area', explanation: '不在本街道' }, 2),
      anEvent('case.dispute_rejected', { agencyId: dispatch.agencyId, reviewerId: 'user:d', explanation: '属地正确' }, 3),
    ]);
    expect(holdings).toEqual([expect.objectContaining({ agencyId: dispatch.agencyId, until: null, endedBy: null, returnedAt: time(2) })]);
  });

  it('has no holder before a dispatch', () => {
    expect(caseHoldings([])).toEqual([]);
  });
});
