import { clockFromSpec, isoDurationMs, parseIsoDuration } from './iso-duration';

describe('ISO 8601 durations of SLA clocks', () => {
  it.each([
    ['PT24H', { amount: 24, unit: 'clock_hours' }, 'clock_time'],
    ['PT30S', { amount: 30 / 3600, unit: 'clock_hours' }, 'clock_time'],
    ['P7D', { amount: 7, unit: 'natural_days' }, 'natural_days'],
    ['P1W', { amount: 7, unit: 'natural_days' }, 'natural_days'],
    ['PT4H', { amount: 4, unit: 'working_hours' }, 'working_hours'],
    ['PT1H30M', { amount: 1.5, unit: 'working_hours' }, 'working_hours'],
    ['P5D', { amount: 5, unit: 'working_days' }, 'working_days'],
  ] as const)('reads %s as %j', (duration, clock, basis) => {
    expect(clockFromSpec({ duration, basis })).toEqual({ ok: true, clock });
  });

  it.each([
    ['P1M', 'clock_time', 'ISO 8601 duration'],
    ['P1Y', 'natural_days', 'ISO 8601 duration'],
    ['P', 'clock_time', 'ISO 8601 duration'],
    ['PT', 'clock_time', 'ISO 8601 duration'],
    ['24h', 'clock_time', 'ISO 8601 duration'],
    ['PT0S', 'clock_time', 'longer than zero'],
    ['P1DT2H', 'working_days', 'whole days'],
    ['P1D', 'working_hours', 'time-only'],
  ] as const)('refuses %s with basis %s', (duration, basis, message) => {
    const result = clockFromSpec({ duration, basis });
    expect(!result.ok && result.message).toContain(message);
  });

  it('parses weeks, days and time parts', () => {
    expect(parseIsoDuration('P1W2DT3H4M5.5S')).toEqual({ weeks: 1, days: 2, hours: 3, minutes: 4, seconds: 5.5 });
    expect(isoDurationMs('PT10S')).toBe(10_000);
    expect(isoDurationMs('ten seconds')).toBeUndefined();
  });
});
