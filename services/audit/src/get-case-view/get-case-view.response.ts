import type { CaseViewRecord } from '../infrastructure/database/entities/case-view.entity';

export interface CaseViewResponse {
  caseId: string;
  trackingNumber: string | null;
  status: string | null;
  type: string | null;
  channel: string | null;
  category: string | null;
  categoryName: string | null;
  urgency: string | null;
  districtCode: string | null;
  districtName: string | null;
  agencyId: string | null;
  agencyName: string | null;
  deadline: string | null;
  receivedAt: string | null;
  dispatchedAt: string | null;
  signedAt: string | null;
  feedbackAt: string | null;
  closedAt: string | null;
  lastEventType: string | null;
  eventCount: number;
  anomalies: number;
  /** 并案: the case this one was merged into, and how far it has got (null when not merged). */
  mergedInto: MergedIntoView | null;
}

export interface MergedIntoView {
  caseId: string;
  trackingNumber: string | null;
  status: string | null;
  agencyId: string | null;
  agencyName: string | null;
  deadline: string | null;
  feedbackAt: string | null;
  closedAt: string | null;
}

const iso = (date: Date | null): string | null => date?.toISOString() ?? null;

function toMergedIntoView(mergedIntoCaseId: string, parent: CaseViewRecord | null): MergedIntoView {
  return {
    caseId: mergedIntoCaseId,
    trackingNumber: parent?.trackingNumber ?? null,
    status: parent?.status ?? null,
    agencyId: parent?.agencyId ?? null,
    agencyName: parent?.agencyName ?? null,
    deadline: iso(parent?.deadline ?? null),
    feedbackAt: iso(parent?.feedbackAt ?? null),
    closedAt: iso(parent?.closedAt ?? null),
  };
}

export function toCaseViewResponse(view: CaseViewRecord, parent: CaseViewRecord | null = null): CaseViewResponse {
  return {
    caseId: view.caseId,
    trackingNumber: view.trackingNumber,
    status: view.status,
    type: view.type,
    channel: view.channel,
    category: view.category,
    categoryName: view.categoryName,
    urgency: view.urgency,
    districtCode: view.districtCode,
    districtName: view.districtName,
    agencyId: view.agencyId,
    agencyName: view.agencyName,
    deadline: iso(view.deadline),
    receivedAt: iso(view.receivedAt),
    dispatchedAt: iso(view.dispatchedAt),
    signedAt: iso(view.signedAt),
    feedbackAt: iso(view.feedbackAt),
    closedAt: iso(view.closedAt),
    lastEventType: view.lastEventType,
    eventCount: view.eventCount,
    anomalies: view.anomalies,
    mergedInto: view.mergedIntoCaseId ? toMergedIntoView(view.mergedIntoCaseId, parent) : null,
  };
}
