import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { FeedbackOutcome } from '@hotline/contracts';
import { isFollowUpDue, type FollowUpPolicy } from '../domain/follow-up-policy';
import { SurveyTokenRecord } from '../infrastructure/database/entities/survey-token.entity';
import type { FollowUpRecord } from '../infrastructure/database/entities/follow-up.entity';
import { FollowUpRepository } from '../infrastructure/database/follow-up.repository';
import { FOLLOW_UP_POLICY } from '../follow-up-policy/follow-up-policy.provider';
import { SURVEY_TOKEN_PATTERN, hashSurveyToken } from '../issue-survey/survey-tokens';
import { concludeFollowUp, type ConcludeFollowUpResult } from '../record-follow-up/conclude-follow-up';
import type { AnswerSurveyRequest } from './answer-survey.request';

/** What the survey page shows: the request and the unit's reply, never the reporter. */
export interface SurveyView {
  trackingNumber: string | null;
  title: string | null;
  reply: string | null;
  outcome: FeedbackOutcome | null;
  expiresAt: string;
}

type Found = { status: 'open'; token: SurveyTokenRecord; followUp: FollowUpRecord };
type Lookup = Found | { status: 'unknown' } | { status: 'gone'; why: 'used' | 'expired' | 'void' };

export type AnswerSurveyResult = Exclude<Lookup, Found> | Exclude<ConcludeFollowUpResult, { status: 'refused' }> | { status: 'gone'; why: 'void' };

@Injectable()
export class AnswerSurveyHandler {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(FOLLOW_UP_POLICY) private readonly policy: FollowUpPolicy,
  ) {}

  async view(token: string): Promise<Exclude<Lookup, Found> | { status: 'open'; survey: SurveyView }> {
    const found = await lookUp(this.dataSource.manager, token, { lock: false });
    if (found.status !== 'open') return found;
    const { followUp } = found;
    return {
      status: 'open',
      survey: {
        trackingNumber: followUp.trackingNumber,
        title: followUp.title,
        reply: followUp.feedbackReply,
        outcome: followUp.feedbackOutcome,
        expiresAt: found.token.expiresAt.toISOString(),
      },
    };
  }

  /** Records the citizen's answer once: 办结 (closedAs survey) or 重办 per the reopen policy; the link is then used. */
  async answer(token: string, request: AnswerSurveyRequest): Promise<AnswerSurveyResult> {
    return this.dataSource.transaction(async (manager): Promise<AnswerSurveyResult> => {
      const found = await lookUp(manager, token, { lock: true });
      if (found.status !== 'open') return found;
      const now = new Date();
      const result = await concludeFollowUp(manager, {
        current: found.followUp,
        call: { reached: true, resolved: request.resolved, satisfaction: request.satisfaction, note: request.note ?? null, operatorId: null },
        via: 'survey',
        policy: this.policy,
        now,
      });
      // The follow-up is no longer due (decided by a call in the meantime): the link is void.
      if (result.status === 'refused') return { status: 'gone', why: 'void' };
      if (result.status === 'recorded') {
        await manager.getRepository(SurveyTokenRecord).update({ tokenHash: found.token.tokenHash }, { usedAt: now, voidedAt: null });
      }
      return result;
    });
  }
}

/** Unknown (never issued, or malformed): 404. Used, expired or void: 410. The follow-up row is locked for an answer. */
async function lookUp(manager: EntityManager, token: string, options: { lock: boolean }): Promise<Lookup> {
  if (!SURVEY_TOKEN_PATTERN.test(token)) return { status: 'unknown' };
  const lock = options.lock ? { lock: { mode: 'pessimistic_write' as const } } : {};
  const [record] = await manager.getRepository(SurveyTokenRecord).find({ where: { tokenHash: hashSurveyToken(token) }, ...lock });
  if (!record) return { status: 'unknown' };
  if (record.usedAt) return { status: 'gone', why: 'used' };
  if (record.voidedAt) return { status: 'gone', why: 'void' };
  if (record.expiresAt.getTime() <= Date.now()) return { status: 'gone', why: 'expired' };
  const repository = new FollowUpRepository(manager);
  const followUp = options.lock ? await repository.findForUpdate(record.caseId) : await repository.find(record.caseId);
  if (!followUp || !isFollowUpDue(followUp)) return { status: 'gone', why: 'void' };
  return { status: 'open', token: record, followUp };
}
