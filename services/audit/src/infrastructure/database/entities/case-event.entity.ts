import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { CaseEvent } from '@hotline/contracts';

/**
 * One lifecycle event as it was recorded. Append-only: a trigger refuses DELETE and TRUNCATE, and any
 * UPDATE but retention's erasure of the reporter's name and phone.
 */
@Entity({ name: 'case_events' })
export class CaseEventRecord {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  seq!: string;

  @Column({ type: 'uuid', name: 'event_id', unique: true })
  eventId!: string;

  @Column({ type: 'uuid', name: 'case_id' })
  caseId!: string;

  /** 1, 2, 3 … within the case, in the order the events were recorded. */
  @Column({ type: 'integer' })
  position!: number;

  @Column({ type: 'text' })
  type!: string;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'timestamptz', name: 'occurred_at' })
  occurredAt!: Date;

  @Column({ type: 'text' })
  producer!: string;

  @Column({ type: 'text', name: 'correlation_id' })
  correlationId!: string;

  @Column({ type: 'text', name: 'causation_id', nullable: true })
  causationId!: string | null;

  @Column({ type: 'text', name: 'trace_id', nullable: true })
  traceId!: string | null;

  /**
   * The validated message without the sealed contact; the reporter's masked name and phone until
   * retention erases them. Never log it; mask it when shown.
   */
  @Column({ type: 'jsonb' })
  envelope!: CaseEvent;

  @Column({ type: 'timestamptz', name: 'recorded_at', default: () => 'now()' })
  recordedAt!: Date;

  @Column({ type: 'text', name: 'prev_hash', nullable: true })
  prevHash!: string | null;

  @Column({ type: 'text' })
  hash!: string;

  /** 1: the hash covers the whole envelope (recorded before erasure existed); 2: all but its personal fields. */
  @Column({ type: 'smallint', name: 'hash_version' })
  hashVersion!: number;

  @Column({ type: 'timestamptz', name: 'personal_data_erased_at', nullable: true })
  personalDataErasedAt!: Date | null;
}
