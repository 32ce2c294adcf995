import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CaseStatus } from '@hotline/case-lifecycle';
import { isFollowUpDue } from '../domain/follow-up-policy';
import { PersonalDataCipher, type ReporterContact } from '@hotline/personal-data';
import { FollowUpRecord } from '../infrastructure/database/entities/follow-up.entity';
import { openReporterContact } from '../infrastructure/database/reporter-contact';

export type GetReporterContactResult =
  | { status: 'found'; trackingNumber: string | null; reporter: ReporterContact }
  | { status: 'not_found' }
  | { status: 'not_due'; caseStatus: CaseStatus };

@Injectable()
export class GetReporterContactHandler {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cipher: PersonalDataCipher,
  ) {}

  /** The unmasked contact of one case, and only while a follow-up call is due: never in bulk. */
  async execute(caseId: string): Promise<GetReporterContactResult> {
    const record = await this.dataSource.getRepository(FollowUpRecord).findOneBy({ caseId });
    if (!record) return { status: 'not_found' };
    if (!isFollowUpDue(record)) return { status: 'not_due', caseStatus: record.status };
    return {
      status: 'found',
      trackingNumber: record.trackingNumber,
      reporter: openReporterContact(this.cipher, record),
    };
  }
}
