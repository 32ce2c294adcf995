import { z } from 'zod';

const localDate = z
  .string({ error: 'is required' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((text) => !Number.isNaN(Date.parse(`${text}T00:00:00Z`)) && new Date(`${text}T00:00:00Z`).toISOString().startsWith(text), 'must be a real date');

/** The body of PUT /v1/calendar/overrides: every override and declared year (the set is replaced). */
export const putCalendarOverridesRequestSchema = z
  .object({
    overrides: z
      .array(
        z
          .object({
            date: localDate,
            isWorkday: z.boolean({ error: 'must be true or false' }),
            note: z.string().max(200, 'must be at most 200 characters').nullable().default(null),
          })
          .strict(),
        { error: 'is required' },
      )
      .max(2_000, 'must list at most 2000 days')
      .refine((overrides) => new Set(overrides.map((o) => o.date)).size === overrides.length, 'must not list a date twice'),
    // A year beyond the library's data is worked out only once an operator has entered its holidays
    // and declares it complete here.
    declaredYears: z
      .array(z.number().int().min(2000).max(2100))
      .max(50)
      .refine((years) => new Set(years).size === years.length, 'must not list a year twice')
      .default([]),
  })
  .strict();
export type PutCalendarOverridesRequest = z.infer<typeof putCalendarOverridesRequestSchema>;
