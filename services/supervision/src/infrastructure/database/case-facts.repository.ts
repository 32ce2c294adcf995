import type { EntityManager } from 'typeorm';
import type { HandlerLevel } from '../../domain/escalation';

/** What supervision knows of a case from its events: the profile's keys, the current round and what is pending. */
export interface CaseFacts {
  caseId: string;
  requestType: string | null;
  category: string | null;
  urgency: string | null;
  districtCode: string | null;
  round: number;
  agencyId: string | null;
  handlerLevel: HandlerLevel | null;
  profileId: string | null;
  pauseDuringDispute: boolean;
  pauseDuringExtension: boolean;
  isDisputePending: boolean;
  isExtensionPending: boolean;
}

interface FactsRow {
  case_id: string;
  request_type: string | null;
  category: string | null;
  urgency: string | null;
  district_code: string | null;
  round: number;
  agency_id: string | null;
  handler_level: HandlerLevel | null;
  profile_id: string | null;
  pause_during_dispute: boolean;
  pause_during_extension: boolean;
  is_dispute_pending: boolean;
  is_extension_pending: boolean;
}

export class CaseFactsRepository {
  constructor(private readonly manager: EntityManager) {}

  /** The case's row, created if new and locked for the rest of the transaction: one case's events go one at a time. */
  async lock(caseId: string): Promise<CaseFacts> {
    // One round trip: creates the row on the case's first event, and locks and reads it (the no-op
    // update takes the same row lock as SELECT … FOR UPDATE).
    const rows: FactsRow[] = await this.manager.query(
      `INSERT INTO supervision.cases (case_id) VALUES ($1) ON CONFLICT (case_id) DO UPDATE SET case_id = EXCLUDED.case_id RETURNING *`,
      [caseId],
    );
    const row = rows[0];
    return {
      caseId: row.case_id,
      requestType: row.request_type,
      category: row.category,
      urgency: row.urgency,
      districtCode: row.district_code,
      round: row.round,
      agencyId: row.agency_id,
      handlerLevel: row.handler_level,
      profileId: row.profile_id,
      pauseDuringDispute: row.pause_during_dispute,
      pauseDuringExtension: row.pause_during_extension,
      isDisputePending: row.is_dispute_pending,
      isExtensionPending: row.is_extension_pending,
    };
  }

  async save(facts: CaseFacts): Promise<void> {
    await this.manager.query(
      `UPDATE supervision.cases SET request_type = $2, category = $3, urgency = $4, district_code = $5, round = $6, agency_id = $7,
         handler_level = $8, profile_id = $9, pause_during_dispute = $10, pause_during_extension = $11, is_dispute_pending = $12,
         is_extension_pending = $13, updated_at = now()
       WHERE case_id = $1`,
      [
        facts.caseId, facts.requestType, facts.category, facts.urgency, facts.districtCode, facts.round, facts.agencyId, facts.handlerLevel,
        facts.profileId, facts.pauseDuringDispute, facts.pauseDuringExtension, facts.isDisputePending, facts.isExtensionPending,
      ],
    );
  }
}
