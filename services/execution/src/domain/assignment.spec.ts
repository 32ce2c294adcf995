import { CASE_STATUSES, type CaseStatus } from '@hotline/case-lifecycle';
import { decideUnitAction, isOverdue, type Assignment } from './assignment';

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
