import { z } from 'zod';

const code = (digits: number, what: string) => z.string().regex(new RegExp(`^\\d{${digits}}$`), `must be a ${digits}-digit ${what} code`);

/** The body of POST /v1/topics: a governance topic (每月一题) over categories and places. */
export const createTopicRequestSchema = z
  .object({
    name: z.string({ error: 'is required' }).trim().min(1, 'is required').max(200, 'must be at most 200 characters'),
    categories: z.array(z.string().min(1, 'must not be empty').max(100), { error: 'must be a list of category codes' }).min(1, 'must name at least one category').max(20),
    streetCodes: z.array(code(9, 'street'), { error: 'must be a list of street codes' }).max(500).default([]),
    districtCodes: z.array(code(6, 'district'), { error: 'must be a list of district codes' }).max(50).default([]),
    openedAt: z.iso
      .datetime({ offset: true, error: 'must be an ISO 8601 date-time with an offset', abort: true })
      .refine((value) => /^[1-9]/.test(value), 'must be in the years 1000 to 9999')
      .optional(),
  })
  .strict()
  .refine((topic) => topic.streetCodes.length + topic.districtCodes.length > 0, { message: 'name at least one street or district', path: ['streetCodes'] });
export type CreateTopicRequest = z.infer<typeof createTopicRequestSchema>;

export const topicIdPathSchema = z.object({ topicId: z.uuid({ error: 'must be a UUID' }) });
