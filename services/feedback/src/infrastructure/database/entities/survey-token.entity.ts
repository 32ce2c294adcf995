import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A single-use survey link (回访 by SMS). Only the token's SHA-256 is kept; the token travels once, in case.survey_issued. */
@Entity({ name: 'survey_tokens' })
export class SurveyTokenRecord {
  @PrimaryColumn({ type: 'text', name: 'token_hash' })
  tokenHash!: string;

  @Column({ type: 'uuid', name: 'case_id' })
  caseId!: string;

  /** The follow-up attempt the link belongs to. */
  @Column({ type: 'integer' })
  attempt!: number;

  @Column({ type: 'timestamptz', name: 'issued_at' })
  issuedAt!: Date;

  @Column({ type: 'timestamptz', name: 'expires_at' })
  expiresAt!: Date;

  /** The citizen answered through it. */
  @Column({ type: 'timestamptz', name: 'used_at', nullable: true })
  usedAt!: Date | null;

  /** The follow-up ended another way (a phone call, the retry policy, a new reply): the link no longer counts. */
  @Column({ type: 'timestamptz', name: 'voided_at', nullable: true })
  voidedAt!: Date | null;
}
