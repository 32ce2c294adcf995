import { z } from 'zod';
import { SATISFACTION_LEVELS } from '@hotline/contracts';

/** The body of POST /v1/surveys/{token}: the citizen's answer through the SMS link. */
export const answerSurveyRequestSchema = z
  .object({
    resolved: z.boolean({ error: 'is required: true or false' }),
    satisfaction: z.enum(SATISFACTION_LEVELS, { error: `is required: one of ${SATISFACTION_LEVELS.join(', ')}` }),
    note: z.string().trim().max(2000, 'must be at most 2000 characters').optional(),
  })
  .strict();
export type AnswerSurveyRequest = z.infer<typeof answerSurveyRequestSchema>;

export const surveyTokenPathSchema = z.object({ token: z.string().describe('The single-use token of the SMS link') });
