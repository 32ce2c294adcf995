import { z } from 'zod';

export const REPORT_FORMATS = ['html', 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** ?format= wins over the Accept header; without either the bulletin is HTML. */
export const reportQuerySchema = z.object({ format: z.enum(REPORT_FORMATS, { error: 'must be html or csv' }).optional() }).strict();
export type ReportQuery = z.infer<typeof reportQuerySchema>;

export function reportFormatOf(query: ReportQuery, accept: string | undefined): ReportFormat {
  if (query.format) return query.format;
  return /\btext\/csv\b/i.test(accept ?? '') ? 'csv' : 'html';
}
