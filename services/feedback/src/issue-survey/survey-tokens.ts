import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { IsNull } from 'typeorm';
import { newCaseEvent, type CaseEventOf } from '@hotline/contracts';
import { SurveyTokenRecord } from '../infrastructure/database/entities/survey-token.entity';

/** What a survey link's path segment must look like; anything else is unknown (404). */
export const SURVEY_TOKEN_PATTERN = /^[A-Za-z0-9_-]{16,128}$/;

export const hashSurveyToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/**
 * 回访 by SMS: a new single-use link for a follow-up that just became due. Links issued before for
 * the case are void (a new reply, or a new round, is what the citizen rates now). Only the token's
 * hash is stored; the token itself travels once, in case.survey_issued, for the SMS gateway.
 */
export async function issueSurveyToken(
  manager: EntityManager,
  input: { caseId: string; attempt: number; ttlMs: number; now: Date; cause: { eventId: string; correlationId: string } },
): Promise<CaseEventOf<'case.survey_issued'>> {
  await voidSurveyTokens(manager, input.caseId, input.now);
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(input.now.getTime() + input.ttlMs);
  await manager.getRepository(SurveyTokenRecord).insert({
    tokenHash: hashSurveyToken(token),
    caseId: input.caseId,
    attempt: input.attempt,
    issuedAt: input.now,
    expiresAt,
    usedAt: null,
    voidedAt: null,
  });
  return newCaseEvent({
    type: 'case.survey_issued',
    caseId: input.caseId,
    producer: 'feedback',
    occurredAt: input.now,
    cause: input.cause,
    payload: { token, expiresAt: expiresAt.toISOString(), attempt: input.attempt },
  });
}

/** The follow-up ended another way (a call, the retry policy, a new reply): open links of the case no longer count. */
export async function voidSurveyTokens(manager: EntityManager, caseId: string, now: Date): Promise<void> {
  await manager.getRepository(SurveyTokenRecord).update({ caseId, usedAt: IsNull(), voidedAt: IsNull() }, { voidedAt: now });
}
