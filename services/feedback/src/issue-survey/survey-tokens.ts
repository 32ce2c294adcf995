import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { IsNull } from 'typeorm';
import { newCaseEvent, type CaseEventOf } from '@hotline/contracts';
import type { WriteWhenUpdated } from '@hotline/messaging';
import { insertRows } from '@hotline/persistence';
import { SurveyTokenRecord } from '../infrastructure/database/entities/survey-token.entity';

/** What a survey link's path segment must look like; anything else is unknown (404). */
export const SURVEY_TOKEN_PATTERN = /^[A-Za-z0-9_-]{16,128}$/;

export const hashSurveyToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

export interface SurveyToIssue {
  caseId: string;
  attempt: number;
  ttlMs: number;
  now: Date;
  cause: { eventId: string; correlationId: string };
}

/**
 * 回访 by SMS: a new single-use link for a follow-up that just became due. Links issued before for
 * the case are void (a new reply, or a new round, is what the citizen rates now). Only the token's
 * hash is stored; the token itself travels once, in case.survey_issued, for the SMS gateway.
 */
export async function issueSurveyToken(manager: EntityManager, input: SurveyToIssue): Promise<CaseEventOf<'case.survey_issued'>> {
  const [issued] = await issueSurveyTokens(manager, [input]);
  return issued;
}

/**
 * The links of many follow-ups, in two statements whatever their number (a consumer batch's): the open
 * links of their cases are voided in one, the new ones inserted in the other. A case given two links here
 * (two replies in one batch) keeps only its last open, as if they had been issued one after the other.
 */
export async function issueSurveyTokens(manager: EntityManager, inputs: readonly SurveyToIssue[]): Promise<CaseEventOf<'case.survey_issued'>[]> {
  if (inputs.length === 0) return [];
  const caseIds = [...new Set(inputs.map((input) => input.caseId))];
  await manager.query('UPDATE feedback.survey_tokens SET voided_at = $2 WHERE case_id = ANY($1::uuid[]) AND used_at IS NULL AND voided_at IS NULL', [
    caseIds,
    inputs[0].now,
  ]);
  const lastOfCase = new Map(inputs.map((input, index) => [input.caseId, index]));
  const issued = inputs.map((input, index) => {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(input.now.getTime() + input.ttlMs);
    const later = inputs[lastOfCase.get(input.caseId)!];
    const row: SurveyTokenRecord = {
      tokenHash: hashSurveyToken(token),
      caseId: input.caseId,
      attempt: input.attempt,
      issuedAt: input.now,
      expiresAt,
      usedAt: null,
      voidedAt: lastOfCase.get(input.caseId) === index ? null : later.now,
    };
    const event = newCaseEvent({
      type: 'case.survey_issued',
      caseId: input.caseId,
      producer: 'feedback',
      occurredAt: input.now,
      cause: input.cause,
      payload: { token, expiresAt: expiresAt.toISOString(), attempt: input.attempt },
    });
    return { row, event };
  });
  await insertRows(manager, SurveyTokenRecord, issued.map(({ row }) => row));
  return issued.map(({ event }) => event);
}

/** The follow-up ended another way (a call, the retry policy, a new reply): open links of the case no longer count. */
export async function voidSurveyTokens(manager: EntityManager, caseId: string, now: Date): Promise<void> {
  await manager.getRepository(SurveyTokenRecord).update({ caseId, usedAt: IsNull(), voidedAt: IsNull() }, { voidedAt: now });
}

/** `voidSurveyTokens` as a write of a compare-and-set's statement: the links are void only if the follow-up moved. */
export function voidSurveyTokensWhenUpdated(caseId: string, now: Date): WriteWhenUpdated {
  return (first) => ({
    sql: `UPDATE feedback.survey_tokens SET voided_at = $${first}
           WHERE case_id = $${first + 1} AND used_at IS NULL AND voided_at IS NULL AND EXISTS (SELECT 1 FROM updated)`,
    parameters: [now, caseId],
  });
}
