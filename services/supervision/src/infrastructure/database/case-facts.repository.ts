import { Column, Entity, PrimaryColumn, type EntityManager } from 'typeorm';
import type { CaseEvent } from '@hotline/contracts';
import type { BatchWork } from '@hotline/messaging';
import { BatchedRows } from '@hotline/persistence';
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
export class CaseFactsRecord implements CaseFacts {
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
  /** When the facts last changed (an event that changes none leaves the row alone). */
  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' }) updatedAt!: Date;
}

/**
 * The facts of a batch's cases. Each case's row is locked for the rest of the transaction, so one case's
 * events go one at a time: the rows of all the batch's cases are locked and read in one statement (a new
 * case's row, with the table's defaults, is inserted whole when its batch ends; a batch racing for the
 * same new case fails and is handled again), and the changed ones written in one when the batch ends.
 */
export class CaseFactsRows implements BatchWork {
  private readonly rows: BatchedRows<CaseFactsRecord>;

  constructor(manager: EntityManager, events: readonly CaseEvent[]) {
    this.rows = new BatchedRows(manager, CaseFactsRecord, events.map((event) => event.caseId));
  }

  async lock(caseId: string): Promise<CaseFacts> {
    const { updatedAt: _updatedAt, ...facts } = await this.rows.get(caseId);
    return facts;
  }

  /** Keeps the facts for the batch's write; facts an event left as they were are not written again. */
  async save(facts: CaseFacts): Promise<void> {
    const row = await this.rows.get(facts.caseId);
    const isUnchanged = (Object.keys(facts) as Array<keyof CaseFacts>).every((field) => row[field] === facts[field]);
    if (isUnchanged) return;
    this.rows.set(facts.caseId, { ...row, ...facts, updatedAt: new Date() });
  }

  async flush(): Promise<void> {
    await this.rows.flush();
  }
}
