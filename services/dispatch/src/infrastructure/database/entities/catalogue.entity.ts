import { Column, Entity, PrimaryColumn } from 'typeorm';

export const CATALOGUE_STATUSES = ['draft', 'published', 'superseded'] as const;
export type CatalogueStatus = (typeof CATALOGUE_STATUSES)[number];

/** A version of the dispatch catalogue (派单目录): a draft until published; one is published at a time. */
@Entity({ name: 'catalogues' })
export class CatalogueRecord {
  @PrimaryColumn({ type: 'integer' })
  version!: number;

  @Column({ type: 'text' })
  status!: CatalogueStatus;

  /** The version a draft was copied from; null for a draft written from scratch. */
  @Column({ type: 'integer', name: 'based_on', nullable: true })
  basedOn!: number | null;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ type: 'text', name: 'created_by', nullable: true })
  createdBy!: string | null;

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'text', name: 'published_by', nullable: true })
  publishedBy!: string | null;

  @Column({ type: 'timestamptz', name: 'published_at', nullable: true })
  publishedAt!: Date | null;
}
