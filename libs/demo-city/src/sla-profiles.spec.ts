import { DEFAULT_SLA_PROFILE, SLA_PROFILES, slaClockFor } from './sla-profiles';

describe('SLA profiles', () => {
  it('gives emergencies 2 clock hours, urgent matters 24 clock hours and normal ones 7 natural days', () => {
    expect(slaClockFor('emergency')).toEqual({ amount: 2, unit: 'clock_hours' });
    expect(slaClockFor('urgent')).toEqual({ amount: 24, unit: 'clock_hours' });
    expect(slaClockFor('normal')).toEqual({ amount: 7, unit: 'natural_days' });
  });

  it('allows 15 natural days for an approved complex case', () => {
    expect(slaClockFor('normal', { complex: true })).toEqual({ amount: 15, unit: 'natural_days' });
  });

  it('hands out copies so callers cannot change the defaults', () => {
    slaClockFor('normal').amount = 99;
    expect(DEFAULT_SLA_PROFILE.byUrgency.normal.amount).toBe(7);
    expect(SLA_PROFILES.map((p) => p.profileId)).toEqual(['default']);
  });
});
