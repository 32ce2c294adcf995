import type { CaseStatus } from '@hotline/case-lifecycle';
import type { FeedbackOutcome } from '@hotline/contracts';
import { isOverdue } from '../../domain/assignment';
import type { AssignmentRecord } from '../database/entities/assignment.entity';

/** An assignment as a handling unit sees it over HTTP. */
export interface AssignmentView {
  caseId: string;
  agencyId: string;
  round: number;
  status: CaseStatus;
  deadline: string;
  isOverdue: boolean;
  copiedTo: string[];
  coHandlerIds: string[];
  dispatchedAt: string;
  signedAt: string | null;
  signedBy: string | null;
  feedbackOutcome: FeedbackOutcome | null;
  feedbackReply: string | null;
  feedbackAt: string | null;
  updatedAt: string;
}

export function toAssignmentView(record: AssignmentRecord, now: Date): AssignmentView {
  return {
    caseId: record.caseId,
    agencyId: record.agencyId,
    round: record.round,
    status: record.status,
    deadline: record.deadline.toISOString(),
    isOverdue: isOverdue(record, now),
    copiedTo: record.copiedTo,
    coHandlerIds: record.coHandlerIds,
    dispatchedAt: record.dispatchedAt.toISOString(),
    signedAt: record.signedAt?.toISOString() ?? null,
    signedBy: record.signedBy,
    feedbackOutcome: record.feedbackOutcome,
    feedbackReply: record.feedbackReply,
    feedbackAt: record.feedbackAt?.toISOString() ?? null,
    updatedAt: record.updatedAt.toISOString(),
  };
}
