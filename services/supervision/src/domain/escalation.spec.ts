import { handlerLevelOf, hasEscalationStep, supervisorFor } from './escalation';

describe('supervision ladder street → district → city', () => {
  const street = { handlerLevel: 'street' as const, districtCode: '110105', cityRegionCode: '110000' };
  const other = { handlerLevel: 'other' as const, districtCode: '110105', cityRegionCode: '110000' };

  it('sends a street office breach to its district, and its escalation to the city', () => {
    expect([supervisorFor(1, street), supervisorFor(2, street)]).toEqual([
      { level: 'district', regionCode: '110105' },
      { level: 'city', regionCode: '110000' },
    ]);
    expect(hasEscalationStep('street')).toBe(true);
  });

  it('sends any other unit straight to the city, with no second step', () => {
    expect(supervisorFor(1, other)).toEqual({ level: 'city', regionCode: '110000' });
    expect(hasEscalationStep('other')).toBe(false);
  });

  it('reads a copied dispatch as a street office (regulation: a street dispatch is copied to its district)', () => {
    expect([handlerLevelOf({ copiedToAgencyIds: ['gov-110105'] }), handlerLevelOf({ copiedToAgencyIds: [] })]).toEqual(['street', 'other']);
  });
});
