import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CaseStatus, Open311Status } from '@hotline/case-lifecycle';

export const OPEN311_DATATYPES = ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'] as const;
export type Open311Datatype = (typeof OPEN311_DATATYPES)[number];

/** A service an Open311 client may request: one category of the catalogue, imported as reference data. */
@Entity({ name: 'open311_services' })
export class Open311ServiceRecord {
  @PrimaryColumn({ type: 'text', name: 'service_code' })
  serviceCode!: string;

  @Column({ type: 'text', name: 'service_name' })
  serviceName!: string;

  @Column({ type: 'text' })
  description!: string;

  @Column({ type: 'text', name: 'group_name' })
  groupName!: string;

  @Column({ type: 'text', array: true })
  keywords!: string[];

  @Column({ type: 'integer' })
  position!: number;

  @Column({ type: 'boolean', name: 'is_enabled' })
  isEnabled!: boolean;
}

/** A typed attribute of a service definition (GeoReport v2 `GET services/{code}`). */
@Entity({ name: 'open311_service_attributes' })
export class Open311ServiceAttributeRecord {
  @PrimaryColumn({ type: 'text', name: 'service_code' })
  serviceCode!: string;

  @PrimaryColumn({ type: 'text' })
  code!: string;

  @Column({ type: 'text' })
  datatype!: Open311Datatype;

  @Column({ type: 'boolean', name: 'is_required' })
  isRequired!: boolean;

  @Column({ type: 'boolean', name: 'is_variable' })
  isVariable!: boolean;

  @Column({ type: 'text', name: 'datatype_description', nullable: true })
  datatypeDescription!: string | null;

  @Column({ type: 'integer' })
  position!: number;

  @Column({ type: 'text' })
  description!: string;

  @Column({ type: 'jsonb', name: 'allowed_values' })
  allowedValues!: { key: string; name: string }[];
}

/** What an Open311 client sent beyond the case itself; written with the case, in its transaction. */
@Entity({ name: 'open311_submissions' })
export class Open311SubmissionRecord {
  @PrimaryColumn({ type: 'uuid', name: 'case_id' })
  caseId!: string;

  @Column({ type: 'uuid', unique: true })
  token!: string;

  @Column({ type: 'text', name: 'service_code' })
  serviceCode!: string;

  @Column({ type: 'jsonb' })
  attributes!: Record<string, string | string[]>;

  @Column({ type: 'text', name: 'address_id', nullable: true })
  addressId!: string | null;

  @Column({ type: 'text', name: 'device_id', nullable: true })
  deviceId!: string | null;

  @Column({ type: 'text', name: 'account_id', nullable: true })
  accountId!: string | null;

  @Column({ type: 'text', name: 'media_url', nullable: true })
  mediaUrl!: string | null;

  /** Photos sent as multipart parts: counted, not stored. */
  @Column({ type: 'integer', name: 'media_parts' })
  mediaParts!: number;
}

/** The Open311 view of every case, projected from hotline.case-events. */
@Entity({ name: 'open311_requests' })
export class Open311RequestRecord {
  @PrimaryColumn({ type: 'uuid', name: 'case_id' })
  caseId!: string;

  @Column({ type: 'text', name: 'tracking_number', nullable: true })
  trackingNumber!: string | null;

  @Column({ type: 'text', name: 'case_status', nullable: true })
  caseStatus!: CaseStatus | null;

  @Column({ type: 'text', nullable: true })
  status!: Open311Status | null;

  @Column({ type: 'text', nullable: true })
  channel!: string | null;

  @Column({ type: 'text', nullable: true })
  category!: string | null;

  @Column({ type: 'text', name: 'category_name', nullable: true })
  categoryName!: string | null;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ type: 'text', nullable: true })
  address!: string | null;

  @Column({ type: 'double precision', nullable: true })
  lat!: number | null;

  @Column({ type: 'double precision', nullable: true })
  lng!: number | null;

  @Column({ type: 'text', name: 'agency_name', nullable: true })
  agencyName!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  deadline!: Date | null;

  @Column({ type: 'timestamptz', name: 'requested_at', nullable: true })
  requestedAt!: Date | null;

  @Column({ type: 'timestamptz', name: 'updated_at', nullable: true })
  updatedAt!: Date | null;

  @Column({ type: 'text', name: 'status_note', nullable: true })
  statusNote!: string | null;

  /** 并案: the case this one joined; its view shows that case's progress. */
  @Column({ type: 'uuid', name: 'merged_into_case_id', nullable: true })
  mergedIntoCaseId!: string | null;
}

/** One public note of a case's history; `update_id` is the event's id. */
@Entity({ name: 'open311_request_updates' })
export class Open311RequestUpdateRecord {
  @PrimaryColumn({ type: 'uuid', name: 'update_id' })
  updateId!: string;

  @Column({ type: 'uuid', name: 'case_id' })
  caseId!: string;

  @Column({ type: 'text' })
  status!: Open311Status;

  @Column({ type: 'text' })
  description!: string;

  @Column({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
}

export const open311Entities = [Open311ServiceRecord, Open311ServiceAttributeRecord, Open311SubmissionRecord, Open311RequestRecord, Open311RequestUpdateRecord];
