import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { DismissPossibleDuplicate, PossibleDuplicatesQuery } from './possible-duplicates.request';
import { PossibleDuplicatesStore, type PossibleDuplicateView } from './possible-duplicates.store';

export type DismissResult = { status: 'dismissed'; view: PossibleDuplicateView } | { status: 'not_found' } | { status: 'already_decided'; view: PossibleDuplicateView };

/** 并案 review: the dispatcher sees the cases classification thought may repeat an open one, and dismisses the false ones. */
@Injectable()
export class ReviewPossibleDuplicatesHandler {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(query: PossibleDuplicatesQuery): Promise<PossibleDuplicateView[]> {
    return new PossibleDuplicatesStore(this.dataSource.manager).list(query);
  }

  async dismiss(caseId: string, request: DismissPossibleDuplicate, decidedBy: string): Promise<DismissResult> {
    return this.dataSource.transaction(async (manager) => {
      const store = new PossibleDuplicatesStore(manager);
      const dismissed = await store.dismiss(caseId, { decidedBy, note: request.note, decidedAt: new Date() });
      if (dismissed) return { status: 'dismissed', view: dismissed };
      const current = await store.find(caseId);
      return current ? { status: 'already_decided', view: current } : { status: 'not_found' };
    });
  }
}
