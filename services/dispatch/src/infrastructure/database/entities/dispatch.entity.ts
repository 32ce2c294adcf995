import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { SlaClockUnit } from '@hotline/case-lifecycle';
import type { Urgency } from '@hotline/contracts';
import type { RoutingBasis } from '../../../domain/plan-route';

/** One dispatch round (派单) of a case: 1 for the first, +1 for each dispatch after a reopen (重办). */
@Entity({ name: 'dispatches' })
export class DispatchRecord {
  @PrimaryColumn({ type: 'uuid', name: 'case_id' })
  caseId!: string;

  @PrimaryColumn({ type: 'integer' })
  round!: number;

  @Column({ type: 'text', name: 'agency_id' })
  agencyId!: string;

  @Column({ type: 'text', name: 'copied_to', array: true })
  copiedTo!: string[];

  @Column({ type: 'text' })
  urgency!: Urgency;

  @Column({ type: 'timestamptz' })
  deadline!: Date;

  @Column({ type: 'double precision', name: 'sla_amount' })
  slaAmount!: number;

  @Column({ type: 'text', name: 'sla_unit' })
  slaUnit!: SlaClockUnit;

  /** Co-handling units (协办) of this round. */
  @Column({ type: 'text', name: 'co_handler_ids', array: true })
  coHandlerIds!: string[];

  @Column({ type: 'text', name: 'routed_by' })
  routedBy!: RoutingBasis;

  /** The dispatcher who chose the unit by hand; null when the catalogue did. */
  @Column({ type: 'text', name: 'dispatched_by', nullable: true })
  dispatchedBy!: string | null;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  /** The catalogue rule that chose the unit; `district-fallback` (兜底) or `manual` otherwise. */
  @Column({ type: 'text', name: 'rule_id' })
  ruleId!: string;

  /** The catalogue version published when the case was dispatched. */
  @Column({ type: 'text', name: 'catalogue_version' })
  catalogueVersion!: string;

  @Column({ type: 'uuid', name: 'event_id' })
  eventId!: string;

  @Column({ type: 'timestamptz', name: 'dispatched_at' })
  dispatchedAt!: Date;
}
