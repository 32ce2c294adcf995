import { CASE_STATUSES, type CaseStatus } from '@hotline/case-lifecycle';
import { decideUnitAction, isOverdue, isVisibleToUnit, roleOfUnit, type Assignment } from './assignment';

const anAssignment = (overrides: Partial<Assignment> = {}): Assignment => ({
  caseId: '6f1c2a8e-4a7b-4c55-9a53-0d6a3f0e9b11',
  agencyId: 'street-110105001',
  status: 'dispatched',
  deadline: new Date('2026-11-30T09:00:00Z'),
  ...overrides,
});

describe('decideUnitAction', () => {
  it('lets the unit the order was dispatched to sign it', () => {
    expect(decideUnitAction(anAssignment(), { agencyId: 'street-110105001', action: 'case.signed' })).toEqual({ ok: true, to: 'signed' });
  });

  it('refuses another unit, even one copied on the dispatch, before looking at the status', () => {
    const decision = decideUnitAction(anAssignment({ status: 'closed' }), { agencyId: 'gov-110105', action: 'case.signed' });
    expect(decision).toMatchObject({ ok: false, error: { code: 'CASE.WRONG_AGENCY' } });
  });

  it('refuses a co-handler and a copy holder whatever the status, saying how they hold the case', () => {
    const held = { ...anAssignment(), coHandlerIds: ['city-urban-management'], copiedTo: ['gov-110105'] };
    for (const action of ['case.signed', 'case.feedback_submitted'] as const) {
      expect(decideUnitAction(held, { agencyId: 'city-urban-management', action })).toMatchObject({ ok: false, error: { code: 'CASE.WRONG_AGENCY', message: expect.stringContaining('协办') } });
      expect(decideUnitAction(held, { agencyId: 'gov-110105', action })).toMatchObject({ ok: false, error: { code: 'CASE.WRONG_AGENCY', message: expect.stringContaining('read-only') } });
    }
  });

  it.each<CaseStatus>(CASE_STATUSES.filter((status) => status !== 'dispatched'))('refuses signing when the case is %s', (status) => {
    const decision = decideUnitAction(anAssignment({ status }), { agencyId: 'street-110105001', action: 'case.signed' });
    expect(decision).toMatchObject({ ok: false, error: { code: 'CASE.ILLEGAL_TRANSITION' } });
  });

  it('accepts feedback once signed, and late feedback after the deadline passed', () => {
    for (const status of ['signed', 'awaiting_follow_up'] as const) {
      const decision = decideUnitAction(anAssignment({ status }), { agencyId: 'street-110105001', action: 'case.feedback_submitted' });
      expect(decision).toEqual({ ok: true, to: 'feedback_submitted' });
    }
  });

  it('refuses feedback before signing and after feedback was already given', () => {
    for (const status of ['dispatched', 'feedback_submitted', 'closed'] as const) {
      const decision = decideUnitAction(anAssignment({ status }), { agencyId: 'street-110105001', action: 'case.feedback_submitted' });
      expect(decision).toMatchObject({ ok: false, error: { code: 'CASE.ILLEGAL_TRANSITION' } });
    }
  });
});

describe('roleOfUnit', () => {
  const held = { agencyId: 'street-110105001', coHandlerIds: ['city-urban-management'], copiedTo: ['gov-110105'] };

  it('tells the lead, a co-handler and a copy holder apart, and shows the order to each of them only', () => {
    expect(roleOfUnit(held, 'street-110105001')).toBe('lead');
    expect(roleOfUnit(held, 'city-urban-management')).toBe('co_handler');
    expect(roleOfUnit(held, 'gov-110105')).toBe('copy');
    expect(roleOfUnit(held, 'utility-water')).toBeNull();
    expect(['street-110105001', 'city-urban-management', 'gov-110105', 'utility-water'].map((unit) => isVisibleToUnit(held, unit))).toEqual([true, true, true, false]);
  });

  it('reads an order written before co-handling existed as lead and copies only', () => {
    expect(roleOfUnit({ agencyId: 'street-110105001', copiedTo: ['gov-110105'] }, 'gov-110105')).toBe('copy');
  });
});

describe('isOverdue', () => {
  const deadline = new Date('2026-11-30T09:00:00Z');
  const after = new Date('2026-11-30T09:00:01Z');

  it('is true once the deadline has passed while the unit still owes feedback', () => {
    for (const status of ['dispatched', 'signed', 'extension_pending', 'dispute_pending', 'awaiting_follow_up'] as const) {
      expect(isOverdue({ status, deadline }, after)).toBe(true);
    }
  });

  it('is false up to and including the deadline', () => {
    expect(isOverdue({ status: 'signed', deadline }, deadline)).toBe(false);
  });

  it('is false once feedback is in or the case is closed or reopened, however late', () => {
    for (const status of ['feedback_submitted', 'closed', 'reopened', 'under_appeal'] as const) {
      expect(isOverdue({ status, deadline }, after)).toBe(false);
    }
  });
});
