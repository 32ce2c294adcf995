import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { RequestType } from '@hotline/contracts';

/** What routing needs from a received case; kept only until the case is dispatched or leaves the queue. */
@Entity({ name: 'case_requests' })
export class CaseRequestRecord {
  @PrimaryColumn({ type: 'uuid', name: 'case_id' })
  caseId!: string;

  @Column({ type: 'text', name: 'request_type' })
  requestType!: RequestType;

  /** Title and description, for keyword rules. */
  @Column({ type: 'text' })
  text!: string;

  @Column({ type: 'timestamptz', name: 'received_at' })
  receivedAt!: Date;
}
