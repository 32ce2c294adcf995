import { putCalendarOverridesRequestSchema } from './calendar-overrides.request';

describe('PUT /v1/calendar/overrides body', () => {
  it('refuses a year declared twice (it was a 500 from the table\'s key, found by the fuzz test)', () => {
    const parsed = putCalendarOverridesRequestSchema.safeParse({ overrides: [], declaredYears: [2077, 2077] });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([['declaredYears', 'must not list a year twice']]);
  });

  it('takes distinct years', () => {
    expect(putCalendarOverridesRequestSchema.parse({ overrides: [], declaredYears: [2077, 2078] }).declaredYears).toEqual([2077, 2078]);
  });
});
