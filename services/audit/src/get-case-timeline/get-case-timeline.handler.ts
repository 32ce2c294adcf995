import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '@hotline/access';
import type { CaseReference } from '../case-reference/case-reference.request';
import { CaseViewFinder, type FindCaseViewResult } from '../case-reference/case-view.finder';
import { CaseEventRecord } from '../infrastructure/database/entities/case-event.entity';

export type GetCaseTimelineResult =
  | { status: 'found'; caseId: string; trackingNumber: string | null; events: CaseEventRecord[] }
  | Exclude<FindCaseViewResult, { status: 'found' }>;

@Injectable()
export class GetCaseTimelineHandler {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly finder: CaseViewFinder,
  ) {}

  /** Every recorded event of the case, in the order it was recorded. */
  async execute(reference: CaseReference, viewer: Principal): Promise<GetCaseTimelineResult> {
    const found = await this.finder.find(reference, viewer);
    if (found.status !== 'found') return found;
    const { caseId, trackingNumber } = found.view;
    const events = await this.dataSource.getRepository(CaseEventRecord).find({ where: { caseId }, order: { position: 'ASC' } });
    return { status: 'found', caseId, trackingNumber, events };
  }
}
