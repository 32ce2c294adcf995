import { ClockBudget, WorkingCalendar } from '@hotline/case-lifecycle';
import { moveDeadline, pauseClock, readClock, restartClock, resumeClock, startClock, stopClock } from './clock-moves';

const bj = (local: string): Date => new Date(`${local}:00+08:00`);
const HOUR = 3_600_000;
const clockBudget = new ClockBudget('clock_hours', new WorkingCalendar());
const start = (at = bj('2026-03-02T10:00')) =>
  startClock(clockBudget, { caseId: 'c', round: 1, clock: 'feedback', agencyId: 'a', spec: { amount: 24, unit: 'clock_hours' }, start: at, warningFractions: [0.5], escalateAfterMs: null });

describe('clock moves', () => {
  it('starts a clock with its deadline and allowed time', () => {
    expect(start()).toMatchObject({ deadline: bj('2026-03-03T10:00'), allowedMs: 24 * HOUR, consumedMs: 0, runningSince: bj('2026-03-02T10:00') });
  });

  it('moves the deadline by the length of a pause and counts the pause', () => {
    const paused = pauseClock(clockBudget, start(), bj('2026-03-02T12:00'));
    const resumed = resumeClock(clockBudget, paused, bj('2026-03-02T15:00'));
    expect(resumed).toMatchObject({ consumedMs: 2 * HOUR, pausedMs: 3 * HOUR, deadline: bj('2026-03-03T13:00'), pausedAt: null });
    expect(readClock(clockBudget, resumed, bj('2026-03-02T16:00'))).toEqual({ elapsedMs: 3 * HOUR, remainingMs: 21 * HOUR, pausedMs: 3 * HOUR, isPaused: false, isOverdue: false });
  });

  it('reports a paused clock as paused, with the pause so far', () => {
    const paused = pauseClock(clockBudget, start(), bj('2026-03-02T12:00'));
    expect(readClock(clockBudget, paused, bj('2026-03-02T13:00'))).toMatchObject({ elapsedMs: 2 * HOUR, pausedMs: HOUR, isPaused: true });
  });

  it('stops a clock for good and keeps what it used', () => {
    const stopped = stopClock(clockBudget, start(), bj('2026-03-02T11:00'), 'feedback_submitted');
    expect(stopped).toMatchObject({ stoppedAt: bj('2026-03-02T11:00'), consumedMs: HOUR, runningSince: null, pausedMs: 0 });
    expect(readClock(clockBudget, stopped, bj('2026-03-05T11:00'))).toMatchObject({ elapsedMs: HOUR, isOverdue: false });
  });

  it('lets an approved extension move the deadline and grow the allowed time', () => {
    expect(moveDeadline(clockBudget, start(), bj('2026-03-05T10:00'))).toMatchObject({ deadline: bj('2026-03-05T10:00'), allowedMs: 72 * HOUR });
  });

  it('runs a feedback clock again when the reply is returned, without counting the time in between', () => {
    const stopped = stopClock(clockBudget, start(), bj('2026-03-02T11:00'), 'feedback_submitted');
    const restarted = restartClock(clockBudget, stopped, bj('2026-03-02T14:00'));
    expect(restarted).toMatchObject({ stoppedAt: null, runningSince: bj('2026-03-02T14:00'), deadline: bj('2026-03-03T13:00') });
  });

  it('records a year without calendar data on the clock instead of guessing', () => {
    const clock = startClock(new ClockBudget('working_days', new WorkingCalendar()), {
      caseId: 'c', round: 1, clock: 'feedback', agencyId: 'a', spec: { amount: 5, unit: 'working_days' }, start: bj('2026-12-30T10:00'), warningFractions: [0.5], escalateAfterMs: null,
    });
    expect(clock).toMatchObject({ deadline: null, allowedMs: null, calendarError: expect.stringContaining('2027') });
  });
});
