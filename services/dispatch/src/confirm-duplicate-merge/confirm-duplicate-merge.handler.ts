import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { newCaseEvent } from '@hotline/contracts';
import { appendToOutbox } from '@hotline/messaging';
import { CaseStateConflictError, compareAndSetCaseStatus, readCaseStatus, readCaseStatusForShare } from '../case-state/case-state.store';
import { decideMerge, mergeTargetOf, type MergeRefusalCode } from '../domain/merge-decision';
import { forgetCaseRequest } from '../case-request/case-request.store';
import { ManualDispatchRecord } from '../infrastructure/database/entities/manual-dispatch.entity';
import type { MergePossibleDuplicate } from '../review-possible-duplicates/possible-duplicates.request';
import { PossibleDuplicatesStore, type PossibleDuplicateView } from '../review-possible-duplicates/possible-duplicates.store';

export type ConfirmDuplicateMergeResult =
  | { status: 'merged'; view: PossibleDuplicateView; isReplay: boolean }
  | { status: 'refused'; error: { code: MergeRefusalCode; message: string } }
  | { status: 'conflict' };

/**
 * 并案 confirmed by a dispatcher: the flagged case joins its parent although it was dispatched. One
 * transaction moves it to merged, settles the flag, takes it off the manual queue if it waited there, and
 * writes case.merged to the outbox; the unit's order is withdrawn and the clocks stop where that event is consumed.
 */
@Injectable()
export class ConfirmDuplicateMergeHandler {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute(caseId: string, request: MergePossibleDuplicate, confirmedBy: string): Promise<ConfirmDuplicateMergeResult> {
    return this.dataSource.transaction(async (manager): Promise<ConfirmDuplicateMergeResult> => {
      const flags = new PossibleDuplicatesStore(manager);
      // Locks the flag: a second confirmation (or a dismissal) of the same case waits, then finds it decided.
      const flag = await flags.find(caseId, { lock: true });
      const caseStatus = await readCaseStatus(manager, caseId);
      const intoCaseId = mergeTargetOf(flag, request.intoCaseId);
      // The parent may not close under the decision: its status is held until the commit.
      const parentStatus = intoCaseId === undefined ? null : await readCaseStatusForShare(manager, intoCaseId);
      const decision = decideMerge({ caseId, caseStatus, flag, requestedIntoCaseId: request.intoCaseId, parentStatus });
      if (decision.kind === 'refused') return { status: 'refused', error: decision.error };
      // decideMerge refuses a case without a flag.
      if (!flag) return { status: 'conflict' };
      if (decision.kind === 'already_merged') return { status: 'merged', view: flag, isReplay: true };
      try {
        await compareAndSetCaseStatus(manager, caseId, decision.from, decision.to);
      } catch (err) {
        if (err instanceof CaseStateConflictError) return { status: 'conflict' };
        throw err;
      }
      const decidedAt = new Date();
      const view = await flags.markMerged(caseId, { intoCaseId: decision.intoCaseId, decidedBy: confirmedBy, note: request.note, decidedAt });
      if (!view) return { status: 'conflict' };
      // A flagged case still waiting for a dispatcher no longer does.
      await manager.getRepository(ManualDispatchRecord).delete({ caseId });
      await forgetCaseRequest(manager, caseId);
      const score = decision.intoCaseId === flag.duplicateOfCaseId ? `（重复评分 ${flag.score.toFixed(2)}）` : '';
      const merged = newCaseEvent({
        type: 'case.merged',
        caseId,
        producer: 'dispatch',
        occurredAt: decidedAt,
        payload: {
          intoCaseId: decision.intoCaseId,
          reason: `调度员确认为重复诉求，并入原工单${score}`,
          confirmedBy,
          ...(request.note === null ? {} : { note: request.note }),
        },
      });
      await appendToOutbox(manager, [merged]);
      return { status: 'merged', view, isReplay: false };
    });
  }
}
