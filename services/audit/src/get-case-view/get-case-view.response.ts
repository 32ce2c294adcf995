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
}

const iso = (date: Date | null): string | null => date?.toISOString() ?? null;

export function toCaseViewResponse(view: CaseViewRecord): CaseViewResponse {
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
  };
}
