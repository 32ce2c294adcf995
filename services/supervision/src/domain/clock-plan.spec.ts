import { ClockBudget, WorkingCalendar } from '@hotline/case-lifecycle';
import { planTimers } from './clock-plan';

const bj = (local: string): Date => new Date(`${local}:00+08:00`);
const HOUR = 3_600_000;

describe('planTimers', () => {
  const workingHours = new ClockBudget('working_hours', new WorkingCalendar());

  it('plans warnings at 50 % and 80 %, the breach and the escalation of a fresh working-hours clock', () => {
    const plan = planTimers(workingHours, { allowedMs: 4 * HOUR, consumedMs: 0, runningSince: bj('2026-09-30T16:00') }, {
      warningFractions: [0.5, 0.8],
      escalateAfterMs: 24 * HOUR,
    });
    expect(plan).toEqual({
      ok: true,
      value: [
        { kind: 'warning', fraction: 0.5, fireAt: bj('2026-10-08T10:00') },
        { kind: 'warning', fraction: 0.8, fireAt: bj('2026-10-08T11:12') },
        { kind: 'breach', fraction: 1, fireAt: bj('2026-10-08T12:00') },
        { kind: 'escalation', fraction: 1, fireAt: bj('2026-10-09T12:00') },
      ],
    });
  });

  it('moves every timer after a pause by the time the pause lasted, counting only what was left', () => {
    // 3 of 4 working hours used before a dispute paused the clock; it runs again at 09:00 on 10-09.
    const plan = planTimers(workingHours, { allowedMs: 4 * HOUR, consumedMs: 3 * HOUR, runningSince: bj('2026-10-09T09:00') }, {
      warningFractions: [0.5, 0.8],
      escalateAfterMs: null,
    });
    expect(plan).toEqual({
      ok: true,
      value: [
        { kind: 'warning', fraction: 0.5, fireAt: bj('2026-10-09T09:00') },
        { kind: 'warning', fraction: 0.8, fireAt: bj('2026-10-09T09:12') },
        { kind: 'breach', fraction: 1, fireAt: bj('2026-10-09T10:00') },
      ],
    });
  });

  it('plans nothing for a paused clock', () => {
    expect(planTimers(workingHours, { allowedMs: HOUR, consumedMs: 0, runningSince: null }, { warningFractions: [0.5], escalateAfterMs: null })).toEqual({ ok: true, value: [] });
  });
});
