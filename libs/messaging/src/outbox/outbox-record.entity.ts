import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { CaseEvent } from '@hotline/contracts';

@Entity({ name: 'outbox' })
export class OutboxRecord {
  // Insertion order is publication order.
  @PrimaryGeneratedColumn({ type: 'bigint', name: 'seq' })
  seq!: string;

  @Column({ type: 'uuid', name: 'event_id', unique: true })
  eventId!: string;

  @Column({ type: 'text' })
  topic!: string;

  @Column({ type: 'text', name: 'message_key' })
  messageKey!: string;

  @Column({ type: 'jsonb' })
  envelope!: CaseEvent;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', name: 'published_at', nullable: true })
  publishedAt!: Date | null;
}
