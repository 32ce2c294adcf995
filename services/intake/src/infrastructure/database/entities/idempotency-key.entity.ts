import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'idempotency_keys' })
export class IdempotencyKeyRecord {
  @PrimaryColumn({ type: 'text' })
  key!: string;

  /** SHA-256 of the canonical request; the same key with another body is refused. */
  @Column({ type: 'text', name: 'request_hash' })
  requestHash!: string;

  @Column({ type: 'uuid', name: 'case_id' })
  caseId!: string;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;
}
