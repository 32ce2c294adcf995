import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { Channel, Datum, RequestType } from '@hotline/contracts';

/** The work order as received (诉求工单). The reporter's name and phone are sealed (libs/personal-data), never in clear. */
@Entity({ name: 'cases' })
export class CaseRecord {
  @PrimaryColumn({ type: 'uuid', name: 'case_id' })
  caseId!: string;

  @Column({ type: 'text', name: 'tracking_number', unique: true })
  trackingNumber!: string;

  @Column({ type: 'text' })
  type!: RequestType;

  @Column({ type: 'text' })
  channel!: Channel;

  @Column({ type: 'text', nullable: true })
  title!: string | null;

  @Column({ type: 'text' })
  description!: string;

  @Column({ type: 'double precision', nullable: true })
  lat!: number | null;

  @Column({ type: 'double precision', nullable: true })
  lng!: number | null;

  /** The datum lat/lng were given in; null: none given (WGS-84). */
  @Column({ type: 'text', nullable: true })
  datum!: Datum | null;

  @Column({ type: 'text', nullable: true })
  address!: string | null;

  @Column({ type: 'text', name: 'reporter_name', nullable: true })
  reporterName!: string | null;

  @Column({ type: 'text', name: 'reporter_phone', nullable: true })
  reporterPhone!: string | null;

  @Column({ type: 'boolean', name: 'reporter_confidential', default: false })
  reporterConfidential!: boolean;

  /** When retention erased the reporter's name and phone (case.personal_data_erased). */
  @Column({ type: 'timestamptz', name: 'personal_data_erased_at', nullable: true })
  personalDataErasedAt!: Date | null;

  @Column({ type: 'text', name: 'external_id', nullable: true })
  externalId!: string | null;

  @Column({ type: 'timestamptz', name: 'reported_at' })
  reportedAt!: Date;

  @CreateDateColumn({ type: 'timestamptz', name: 'received_at' })
  receivedAt!: Date;
}
