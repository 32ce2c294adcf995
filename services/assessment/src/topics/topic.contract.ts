import { z } from 'zod';
import { responseSchemaFor } from '@hotline/nest-platform';
import type { PhaseSummary, TopicMonth } from '../domain/topic-tracking';

export interface TopicView {
  topicId: string;
  name: string;
  categories: string[];
  streetCodes: string[];
  districtCodes: string[];
  openedAt: string;
  openedMonth: string;
  createdBy: string;
  createdAt: string;
  months: TopicMonth[];
  before: PhaseSummary;
  after: PhaseSummary;
}

const phase = z.object({ months: z.number().int(), cases: z.number().int(), monthlyAverage: z.number().nullable() });

export const topicViewSchema = responseSchemaFor<TopicView>()(
  z.object({
    topicId: z.uuid(),
    name: z.string(),
    categories: z.array(z.string()),
    streetCodes: z.array(z.string()),
    districtCodes: z.array(z.string()),
    openedAt: z.iso.datetime({ offset: true }),
    openedMonth: z.string(),
    createdBy: z.string(),
    createdAt: z.iso.datetime({ offset: true }),
    months: z
      .array(z.object({ month: z.string(), phase: z.enum(['before', 'after']), count: z.number().int() }))
      .describe('Cases per month in the topic\'s categories and places; a merged repeat (并案) is not counted'),
    before: phase,
    after: phase,
  }),
);
