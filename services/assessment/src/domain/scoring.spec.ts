import { compositeScore, countCheckIn, countHandling, scoreMonth, type HandlingFact, type ScoringSettings } from './scoring';

const settings: ScoringSettings = { weights: { response: 30, resolution: 35, satisfaction: 35 }, basicallySatisfiedWeight: 0.8, responseWithinHours: 24 };
const now = new Date('2026-05-01T00:00:00Z');

const aRound = (overrides: Partial<HandlingFact> = {}): HandlingFact => ({
  caseId: '00000000-0000-4000-8000-000000000001',
  round: 1,
  agencyId: 'street-110105001',
  dispatchedAt: '2026-04-01T01:00:00.000Z',
  deadline: '2026-04-08T01:00:00.000Z',
  signedAt: '2026-04-01T02:00:00.000Z',
  isSignBreached: false,
  returnedAt: null,
  isReturnUpheld: false,
  feedbackAt: '2026-04-05T01:00:00.000Z',
  reworkCount: 0,
  isFollowUpReached: true,
  isResolved: true,
  satisfaction: 'satisfied',
  concludedAs: 'closed',
  isExcluded: false,
  isWithdrawn: false,
  ...overrides,
});

describe('countHandling', () => {
  it('counts a round signed within the window as responded, a late or breached one as due but not responded', () => {
    expect(countHandling(aRound(), 'response', settings, now)).toEqual({ inDenominator: true, numerator: 1 });
    expect(countHandling(aRound({ signedAt: '2026-04-02T01:00:01.000Z' }), 'response', settings, now)).toEqual({ inDenominator: true, numerator: 0 });
    expect(countHandling(aRound({ isSignBreached: true }), 'response', settings, now)).toEqual({ inDenominator: true, numerator: 0 });
  });

  it('does not count an unsigned round as due before its response window has passed', () => {
    const unsigned = aRound({ signedAt: null, dispatchedAt: '2026-04-30T12:00:00.000Z' });
    expect(countHandling(unsigned, 'response', settings, now).inDenominator).toBe(false);
    expect(countHandling(unsigned, 'response', settings, new Date('2026-05-02T00:00:00Z'))).toEqual({ inDenominator: true, numerator: 0 });
  });

  it('weighs 基本满意 with the configured weight and counts only reached follow-ups', () => {
    expect(countHandling(aRound({ satisfaction: 'basically_satisfied' }), 'satisfaction', settings, now)).toEqual({ inDenominator: true, numerator: 0.8 });
    expect(countHandling(aRound({ isFollowUpReached: false, isResolved: null, satisfaction: null }), 'resolution', settings, now).inDenominator).toBe(false);
  });

  it('judges on-time on the last feedback against the (possibly extended) deadline', () => {
    expect(countHandling(aRound({ feedbackAt: '2026-04-08T01:00:01.000Z' }), 'on_time', settings, now)).toEqual({ inDenominator: true, numerator: 0 });
    expect(countHandling(aRound({ feedbackAt: null }), 'on_time', settings, now)).toEqual({ inDenominator: true, numerator: 0 });
  });

  it('counts a round withdrawn by a merge (并案) nowhere, whether or not the unit had signed it', () => {
    for (const metric of ['response', 'resolution', 'satisfaction', 'on_time', 'return', 'rework', 'reopen'] as const) {
      expect(countHandling(aRound({ isWithdrawn: true }), metric, settings, now).inDenominator).toBe(false);
      const unsignedAndLate = aRound({ isWithdrawn: true, signedAt: null, feedbackAt: null, isFollowUpReached: false, concludedAs: null });
      expect(countHandling(unsignedAndLate, metric, settings, now).inDenominator).toBe(false);
    }
  });

  it('counts an excluded round nowhere, and a round returned elsewhere only in the return rate', () => {
    for (const metric of ['response', 'resolution', 'satisfaction', 'on_time', 'return', 'rework', 'reopen'] as const) {
      expect(countHandling(aRound({ isExcluded: true }), metric, settings, now).inDenominator).toBe(false);
    }
    const returned = aRound({ returnedAt: '2026-04-01T03:00:00.000Z', isReturnUpheld: true, signedAt: null });
    expect(countHandling(returned, 'return', settings, now)).toEqual({ inDenominator: true, numerator: 1 });
    expect(countHandling(returned, 'response', settings, now).inDenominator).toBe(false);
  });
});

describe('countCheckIn', () => {
  it('counts an on-time check-in, and a late or missed one as due but not met', () => {
    const base = { caseId: 'c', whistleId: 'w', agencyId: 'city-water', arriveBy: '2026-04-10T02:00:00.000Z', checkedInAt: null, isLate: false, isMissed: false };
    expect(countCheckIn({ ...base, checkedInAt: '2026-04-10T01:50:00.000Z' }, now)).toEqual({ inDenominator: true, numerator: 1 });
    expect(countCheckIn({ ...base, checkedInAt: '2026-04-10T02:10:00.000Z', isLate: true }, now)).toEqual({ inDenominator: true, numerator: 0 });
    expect(countCheckIn({ ...base, isMissed: true }, now)).toEqual({ inDenominator: true, numerator: 0 });
  });
});

describe('compositeScore and ranking', () => {
  it('weights the three rates 30/35/35 and leaves out a rate with nothing due', () => {
    const figure = (rate: number | null) => ({ numerator: rate ?? 0, denominator: rate === null ? 0 : 1, rate });
    // 100 × (30 × 0.5 + 35 × 1 + 35 × 0.8) / 100 = 78
    expect(compositeScore({ response: figure(0.5), resolution: figure(1), satisfaction: figure(0.8) }, settings.weights)).toBe(78);
    // (35 × 1 + 35 × 0.8) / 70 = 0.9
    expect(compositeScore({ response: figure(null), resolution: figure(1), satisfaction: figure(0.8) }, settings.weights)).toBe(90);
    expect(compositeScore({ response: figure(null), resolution: figure(null), satisfaction: figure(null) }, settings.weights)).toBeNull();
  });

  it('ranks street offices among street offices and departments among departments, ties sharing a rank', () => {
    const agencies = [
      { agencyId: 'street-a', name: 'A', kind: 'street_office' as const },
      { agencyId: 'street-b', name: 'B', kind: 'street_office' as const },
      { agencyId: 'street-c', name: 'C', kind: 'street_office' as const },
      { agencyId: 'city-d', name: 'D', kind: 'city_department' as const },
    ];
    const handlings = [
      aRound({ agencyId: 'street-a', isResolved: false }),
      aRound({ agencyId: 'street-b' }),
      aRound({ agencyId: 'street-c' }),
      aRound({ agencyId: 'city-d', isResolved: false, satisfaction: 'unsatisfied' }),
    ];
    const scores = scoreMonth({ agencies, handlings, checkIns: [], settings, now });
    const byId = new Map(scores.map((score) => [score.agencyId, score]));
    expect([byId.get('street-b')?.rank, byId.get('street-c')?.rank, byId.get('street-a')?.rank]).toEqual([1, 1, 3]);
    expect(byId.get('street-a')?.rankedAmong).toBe(3);
    expect(byId.get('city-d')).toMatchObject({ rank: 1, rankedAmong: 1, score: 30 });
  });
});
