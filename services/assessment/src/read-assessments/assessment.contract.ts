import { z } from 'zod';
import { responseSchemaFor } from '@hotline/nest-platform';
import { AGENCY_KINDS } from '../domain/agency-kind';
import { METRICS, type Metric } from '../domain/scoring';
import type { DrillDownItem, MonthAssessment } from './assessment-reader';

const iso = z.iso.datetime({ offset: true });

const figure = z.object({
  numerator: z.number().describe('The cases that met the metric (基本满意 counts with its weight in 满意率)'),
  denominator: z.number().int().describe('The cases due for the metric'),
  rate: z.number().nullable().describe('numerator ÷ denominator; null when nothing was due'),
});

const figures = z.object(Object.fromEntries(METRICS.map((metric) => [metric, figure])) as Record<Metric, typeof figure>);

export const monthAssessmentSchema = responseSchemaFor<MonthAssessment>()(
  z.object({
    month: z.string(),
    isClosed: z.boolean(),
    closedAt: iso.nullable(),
    closedBy: z.string().nullable(),
    settings: z.object({
      weights: z.object({ response: z.number(), resolution: z.number(), satisfaction: z.number() }),
      basicallySatisfiedWeight: z.number(),
      responseWithinHours: z.number(),
    }),
    agencies: z.array(
      z.object({
        agencyId: z.string(),
        name: z.string(),
        kind: z.enum(AGENCY_KINDS),
        score: z.number().nullable().describe('0–100, the weighted three rates (三率)'),
        rank: z.number().int().nullable().describe('Among the units of the same kind; 1 is best, equal scores share a rank'),
        rankedAmong: z.number().int(),
        figures,
        excludedCases: z.number().int().describe('Rounds excluded by an upheld appeal (申诉)'),
      }),
    ),
    adjustments: z
      .array(
        z.object({
          agencyId: z.string(),
          caseId: z.uuid(),
          eventId: z.uuid(),
          eventType: z.string(),
          occurredAt: iso,
          description: z.string(),
          recordedAt: iso,
        }),
      )
      .describe('Events after the close that changed the month\'s facts; the published figures do not include them'),
  }),
);

export interface DrillDownView {
  month: string;
  agencyId: string;
  metric: Metric;
  items: DrillDownItem[];
}

export const drillDownSchema = responseSchemaFor<DrillDownView>()(
  z.object({
    month: z.string(),
    agencyId: z.string(),
    metric: z.enum(METRICS),
    items: z.array(
      z.object({
        caseId: z.uuid(),
        round: z.number().int().nullable(),
        whistleId: z.uuid().nullable(),
        inDenominator: z.boolean(),
        numerator: z.number().describe('What the case adds to the numerator: 1, 0, or the weight of 基本满意'),
        isExcluded: z.boolean().describe('Excluded by an upheld appeal: shown, counted nowhere'),
      }),
    ),
  }),
);
