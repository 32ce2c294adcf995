import * as demoCity from './index';

describe('public entry', () => {
  it('exposes the catalogues and lookups through @hotline/demo-city', () => {
    expect(demoCity.ROUTING_CATALOGUE.edition).toBe('2026.1');
    expect(demoCity.CATEGORIES.length).toBeGreaterThanOrEqual(20);
    expect(demoCity.getAgency('utility-water')?.kind).toBe('utility');
    expect(demoCity.findDistrictByText('朝阳区')?.adcode).toBe('110105');
    expect(demoCity.DEFAULT_SLA_PROFILE.byUrgency.urgent).toEqual({ amount: 24, unit: 'clock_hours' });
  });
});
