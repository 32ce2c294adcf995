import type { SlaClock } from '@hotline/case-lifecycle';
import { slaClockKey } from '../reference-data/reference-data.cache';
import { SlaPolicy } from './sla-policy';

const referenceWith = (urgency: string, clock: SlaClock | null) => ({
  slaClocks: new Map(clock ? [[slaClockKey('default', urgency), clock]] : []),
});

const start = new Date('2026-11-27T09:00:00+08:00');

describe('SlaPolicy', () => {
  it('counts natural days and clock hours without the calendar', () => {
    const policy = new SlaPolicy('default');
    expect(policy.deadlineFor(referenceWith('normal', { amount: 7, unit: 'natural_days' }), 'normal', start)).toEqual({
      ok: true,
      clock: { amount: 7, unit: 'natural_days' },
      deadline: new Date('2026-12-04T09:00:00+08:00'),
    });
    const urgent = policy.deadlineFor(referenceWith('urgent', { amount: 24, unit: 'clock_hours' }), 'urgent', start);
    expect(urgent).toMatchObject({ ok: true, deadline: new Date('2026-11-28T09:00:00+08:00') });
  });

  it('refuses to guess working days in a year without holiday data', () => {
    const result = new SlaPolicy('default').deadlineFor(referenceWith('normal', { amount: 5, unit: 'working_days' }), 'normal', new Date('2099-03-02T09:00:00+08:00'));
    expect(result).toMatchObject({ ok: false, code: 'CALENDAR.YEAR_NOT_COVERED' });
  });

  it('reports a profile without a clock for the urgency', () => {
    expect(new SlaPolicy('shanghai').deadlineFor(referenceWith('emergency', { amount: 2, unit: 'clock_hours' }), 'emergency', start)).toMatchObject({ ok: false, code: 'SLA.PROFILE_MISSING' });
  });
});
