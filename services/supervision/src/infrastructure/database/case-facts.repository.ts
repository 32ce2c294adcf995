import { Column, Entity, PrimaryColumn, type EntityManager } from 'typeorm';
import type { CaseEvent } from '@hotline/contracts';
import type { BatchWork } from '@hotline/messaging';
import { BatchedRows, type RawRow } from '@hotline/persistence';
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

/** supervision.cases, as the migration made it: read and written in bulk through `CaseFactsRows`. */
@Entity({ name: 'cases' })
export class CaseFactsRecord {
  @PrimaryColumn({ type: 'uuid', name: 'case_id' }) caseId!: string;
  @Column({ type: 'text', name: 'request_type', nullable: true }) requestType!: string | null;
  @Column({ type: 'text', nullable: true }) category!: string | null;
  @Column({ type: 'text', nullable: true }) urgency!: string | null;
  @Column({ type: 'text', name: 'district_code', nullable: true }) districtCode!: string | null;
  @Column({ type: 'integer', default: 0 }) round!: number;
  @Column({ type: 'text', name: 'agency_id', nullable: true }) agencyId!: string | null;
  @Column({ type: 'text', name: 'handler_level', nullable: true }) handlerLevel!: HandlerLevel | null;
  @Column({ type: 'text', name: 'profile_id', nullable: true }) profileId!: string | null;
  @Column({ type: 'boolean', name: 'pause_during_dispute', default: false }) pauseDuringDispute!: boolean;
  @Column({ type: 'boolean', name: 'pause_during_extension', default: false }) pauseDuringExtension!: boolean;
  @Column({ type: 'boolean', name: 'is_dispute_pending', default: false }) isDisputePending!: boolean;
  @Column({ type: 'boolean', name: 'is_extension_pending', default: false }) isExtensionPending!: boolean;
  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' }) updatedAt!: Date;
}

const FACT_COLUMNS: readonly (readonly [keyof CaseFacts, string])[] = [
  ['caseId', 'case_id'],
  ['requestType', 'request_type'],
  ['category', 'category'],
  ['urgency', 'urgency'],
  ['districtCode', 'district_code'],
  ['round', 'round'],
  ['agencyId', 'agency_id'],
  ['handlerLevel', 'handler_level'],
  ['profileId', 'profile_id'],
  ['pauseDuringDispute', 'pause_during_dispute'],
  ['pauseDuringExtension', 'pause_during_extension'],
  ['isDisputePending', 'is_dispute_pending'],
  ['isExtensionPending', 'is_extension_pending'],
];

/**
 * The facts of a batch's cases. Each case's row is created on its first event and locked for the rest
 * of the transaction, so one case's events go one at a time: the rows of all the batch's cases are
 * created, locked and read in one statement, and the changed ones written in one when the batch ends.
 */
export class CaseFactsRows implements BatchWork {
  private readonly rows: BatchedRows<CaseFactsRecord>;

  constructor(manager: EntityManager, events: readonly CaseEvent[]) {
    this.rows = new BatchedRows(manager, CaseFactsRecord, events.map((event) => event.caseId));
  }

  async lock(caseId: string): Promise<CaseFacts> {
    const row = await this.rows.get(caseId);
    return Object.fromEntries(FACT_COLUMNS.map(([field, column]) => [field, row[column]])) as unknown as CaseFacts;
  }

  async save(facts: CaseFacts): Promise<void> {
    const row: RawRow = { ...(await this.rows.get(facts.caseId)), updated_at: new Date() };
    for (const [field, column] of FACT_COLUMNS) row[column] = facts[field];
    this.rows.set(facts.caseId, row);
  }

  async flush(): Promise<void> {
    await this.rows.flush();
  }
}
