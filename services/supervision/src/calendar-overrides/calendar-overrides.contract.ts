import { z } from 'zod';
import { responseSchemaFor } from '@hotline/nest-platform';

export interface CalendarView {
  overrides: Array<{ date: string; isWorkday: boolean; note: string | null }>;
  declaredYears: number[];
  library: { name: string; firstYear: number; lastYear: number };
  /** This year and the next without official data nor a declaration: working-time clocks cannot cross them. */
  yearsWithoutData: number[];
  /** Open clocks a PUT could schedule at last (they waited for a year's holiday data); 0 on a GET. */
  rescheduledClocks: number;
}

export const calendarViewSchema = responseSchemaFor<CalendarView>()(
  z.object({
    overrides: z.array(z.object({ date: z.string(), isWorkday: z.boolean(), note: z.string().nullable() })),
    declaredYears: z.array(z.number().int()),
    library: z.object({ name: z.string(), firstYear: z.number().int(), lastYear: z.number().int() }),
    yearsWithoutData: z.array(z.number().int()),
    rescheduledClocks: z.number().int(),
  }),
);
