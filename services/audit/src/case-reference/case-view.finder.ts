import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { hasRole, isWithinRegion, type Principal } from '@hotline/access';
import { CaseViewRecord } from '../infrastructure/database/entities/case-view.entity';
import type { CaseReference } from './case-reference.request';

export type FindCaseViewResult =
  | { status: 'found'; view: CaseViewRecord }
  | { status: 'not_found' }
  | { status: 'out_of_scope' }
  | { status: 'ambiguous'; caseIds: string[] };

/** Finds a recorded case by id or tracking number. */
@Injectable()
export class CaseViewFinder {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A supervisor sees only cases of its region (district or street); outside it, the case is not there. */
  async find(reference: CaseReference, viewer: Principal): Promise<FindCaseViewResult> {
    const found = await this.findAny(reference);
    if (found.status !== 'found' || !isRegionBound(viewer)) return found;
    return isWithinRegion(viewer.regionCode ?? '', found.view) ? found : { status: 'out_of_scope' };
  }

  /** 并案: the view of the case a merged case joined (null if not merged, or not recorded yet). */
  async mergedInto(view: CaseViewRecord): Promise<CaseViewRecord | null> {
    if (!view.mergedIntoCaseId) return null;
    return this.dataSource.getRepository(CaseViewRecord).findOneBy({ caseId: view.mergedIntoCaseId });
  }

  private async findAny(reference: CaseReference): Promise<FindCaseViewResult> {
    const repository = this.dataSource.getRepository(CaseViewRecord);
    if (reference.kind === 'caseId') {
      const view = await repository.findOneBy({ caseId: reference.caseId });
      return view ? { status: 'found', view } : { status: 'not_found' };
    }
    // Tracking numbers are unique at intake, but the record keeps whatever was received: two would be a finding.
    const views = await repository.find({ where: { trackingNumber: reference.trackingNumber }, order: { receivedAt: 'ASC' }, take: 2 });
    const [first, second] = views;
    if (!first) return { status: 'not_found' };
    if (second) return { status: 'ambiguous', caseIds: views.map((view) => view.caseId) };
    return { status: 'found', view: first };
  }
}

// Roles that read every case; a principal with none of them but `supervisor` reads its region's.
const isRegionBound = (viewer: Principal): boolean => !hasRole(viewer, 'auditor', 'admin', 'dispatcher', 'inspector', 'hotline_client');
