import { Body, Controller, Get, Header, HttpCode, Param, Post } from '@nestjs/common';
import { z } from 'zod';
import { Public } from '@hotline/access';
import { CASE_STATUSES, type CaseStatus } from '@hotline/case-lifecycle';
import { FEEDBACK_OUTCOMES, SATISFACTION_LEVELS, type SatisfactionLevel } from '@hotline/contracts';
import { ApiContract, AppError, ZodPipe, responseSchemaFor } from '@hotline/nest-platform';
import { AnswerSurveyHandler, type SurveyView } from './answer-survey.handler';
import { answerSurveyRequestSchema, surveyTokenPathSchema, type AnswerSurveyRequest } from './answer-survey.request';

export interface SurveyPage extends SurveyView {
  satisfactionLevels: SatisfactionLevel[];
}

export interface SurveyAnswerResponse {
  status: CaseStatus;
  outcome: 'closed' | 'reopened';
}

const surveyPageSchema = responseSchemaFor<SurveyPage>()(
  z.object({
    trackingNumber: z.string().nullable(),
    title: z.string().nullable(),
    reply: z.string().nullable().describe('The unit\'s reply; null when the deadline passed without one'),
    outcome: z.enum(FEEDBACK_OUTCOMES).nullable(),
    expiresAt: z.iso.datetime({ offset: true }),
    satisfactionLevels: z.array(z.enum(SATISFACTION_LEVELS)),
  }),
);

const surveyAnswerSchema = responseSchemaFor<SurveyAnswerResponse>()(
  z.object({ status: z.enum(CASE_STATUSES), outcome: z.enum(['closed', 'reopened']) }),
);

const GONE_MESSAGES = {
  used: 'this survey link has already been answered',
  expired: 'this survey link has expired',
  void: 'this survey link no longer applies: the follow-up was completed another way',
} as const;

/**
 * 回访 by SMS. Public: the single-use token is the credential (only its hash is stored). The platform's
 * rate limiter counts these routes per client address like any other.
 */
@Controller('v1/surveys')
export class AnswerSurveyController {
  constructor(private readonly handler: AnswerSurveyHandler) {}

  @ApiContract({ summary: 'The survey behind an SMS link: the request and the unit\'s reply to rate (no personal data)', params: surveyTokenPathSchema, response: surveyPageSchema, errors: ['SURVEY.NOT_FOUND', 'SURVEY.GONE'] })
  @Get(':token')
  @Public()
  @Header('Cache-Control', 'no-store')
  async view(@Param('token') token: string): Promise<SurveyPage> {
    const result = await this.handler.view(token);
    if (result.status === 'unknown') throw unknown();
    if (result.status === 'gone') throw new AppError('SURVEY.GONE', GONE_MESSAGES[result.why]);
    return { ...result.survey, satisfactionLevels: [...SATISFACTION_LEVELS] };
  }

  @ApiContract({
    summary: 'Answer the survey once: closes the case (closedAs survey) or reopens it per the reopen policy',
    params: surveyTokenPathSchema,
    body: answerSurveyRequestSchema,
    response: surveyAnswerSchema,
    errors: ['SURVEY.NOT_FOUND', 'SURVEY.GONE', 'SURVEY.CONFLICT'],
  })
  @Post(':token')
  @Public()
  @HttpCode(200)
  async answer(@Param('token') token: string, @Body(new ZodPipe(answerSurveyRequestSchema)) body: AnswerSurveyRequest): Promise<SurveyAnswerResponse> {
    const result = await this.handler.answer(token, body);
    switch (result.status) {
      case 'unknown':
        throw unknown();
      case 'gone':
        throw new AppError('SURVEY.GONE', GONE_MESSAGES[result.why]);
      case 'conflict':
        throw new AppError('SURVEY.CONFLICT', 'the case changed while the answer was being recorded; try again');
      case 'recorded':
        return { status: result.caseStatus, outcome: result.outcome.outcome === 'reopened' ? 'reopened' : 'closed' };
    }
  }
}

const unknown = (): AppError => new AppError('SURVEY.NOT_FOUND', 'no such survey link');
