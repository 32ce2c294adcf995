import { checkDisputeDecision, requiresArbitration } from './dispute-review';

const caseId = '6f1c2a8e-4a7b-4c55-9a53-0d6a3f0e9b11';
const dispute = { agencyId: 'street-110105001', requiresArbitration: false, returnNumber: 1 };

describe('requiresArbitration', () => {
  it('sends the dispute to arbitration from the configured number of returns on', () => {
    expect(requiresArbitration({ returnNumber: 1, arbitrationAfterReturns: 2 })).toBe(false);
    expect(requiresArbitration({ returnNumber: 2, arbitrationAfterReturns: 2 })).toBe(true);
    expect(requiresArbitration({ returnNumber: 3, arbitrationAfterReturns: 2 })).toBe(true);
    expect(requiresArbitration({ returnNumber: 1, arbitrationAfterReturns: 1 })).toBe(true);
  });
});

describe('checkDisputeDecision', () => {
  it('lets a dispatcher decide an ordinary dispute, and records it as a dispatcher decision', () => {
    expect(checkDisputeDecision({ caseId, dispute, isArbitrator: false, redispatchTo: 'city-urban-management' })).toEqual({ ok: true, decidedAs: 'dispatcher' });
    expect(checkDisputeDecision({ caseId, dispute, isArbitrator: true })).toEqual({ ok: true, decidedAs: 'dispatcher' });
  });

  it('refuses a dispatcher once arbitration is required, and lets an arbitrator decide it', () => {
    const arbitrated = { ...dispute, requiresArbitration: true, returnNumber: 2 };
    expect(checkDisputeDecision({ caseId, dispute: arbitrated, isArbitrator: false })).toMatchObject({ ok: false, error: { code: 'DISPUTE.ARBITRATION_REQUIRED' } });
    expect(checkDisputeDecision({ caseId, dispute: arbitrated, isArbitrator: true })).toEqual({ ok: true, decidedAs: 'arbitration' });
  });

  it('refuses to re-dispatch a case to the unit that returned it', () => {
    expect(checkDisputeDecision({ caseId, dispute, isArbitrator: true, redispatchTo: dispute.agencyId })).toMatchObject({ ok: false, error: { code: 'DISPUTE.SAME_AGENCY' } });
  });
});
