import type { EntityManager } from 'typeorm';
import type { SlaProfileRecord } from '../infrastructure/database/entities/sla-profile.entity';
import { SlaPolicy } from './sla-policy';

const managerWith = (row: Partial<SlaProfileRecord> | null) =>
  ({ getRepository: () => ({ findOneBy: () => Promise.resolve(row) }) }) as unknown as EntityManager;

const start = new Date('2026-11-27T09:00:00+08:00');

describe('SlaPolicy', () => {
  it('counts natural days and clock hours without the calendar', async () => {
    const policy = new SlaPolicy('default');
    expect(await policy.deadlineFor(managerWith({ amount: 7, unit: 'natural_days' }), 'normal', start)).toEqual({
      ok: true,
      clock: { amount: 7, unit: 'natural_days' },
      deadline: new Date('2026-12-04T09:00:00+08:00'),
    });
    const urgent = await policy.deadlineFor(managerWith({ amount: 24, unit: 'clock_hours' }), 'urgent', start);
    expect(urgent).toMatchObject({ ok: true, deadline: new Date('2026-11-28T09:00:00+08:00') });
  });

  it('refuses to guess working days in a year without holiday data', async () => {
    const result = await new SlaPolicy('default').deadlineFor(managerWith({ amount: 5, unit: 'working_days' }), 'normal', new Date('2099-03-02T09:00:00+08:00'));
    expect(result).toMatchObject({ ok: false, code: 'CALENDAR.YEAR_NOT_COVERED' });
  });

  it('reports a profile without a clock for the urgency', async () => {
    expect(await new SlaPolicy('shanghai').deadlineFor(managerWith(null), 'emergency', start)).toMatchObject({ ok: false, code: 'SLA.PROFILE_MISSING' });
  });
});
