import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { CaseEvent } from '@hotline/contracts';

/** One lifecycle event as it was recorded. Append-only: a trigger refuses UPDATE, DELETE and TRUNCATE. */
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

  /** The whole validated message, reporter contact included: never log it, mask it when shown. */
  @Column({ type: 'jsonb' })
  envelope!: CaseEvent;

  @Column({ type: 'timestamptz', name: 'recorded_at', default: () => 'now()' })
  recordedAt!: Date;

  @Column({ type: 'text', name: 'prev_hash', nullable: true })
  prevHash!: string | null;

  @Column({ type: 'text' })
  hash!: string;
}
