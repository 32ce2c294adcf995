import { INTAKE_CONSUMER } from '../../infrastructure/messaging/intake-consumer';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { toOpen311Status } from '@hotline/case-lifecycle';
import type { CaseEvent } from '@hotline/contracts';
import { processOnce } from '@hotline/messaging';
import { projectOpen311Event } from '../../domain/open311-request-projection';
import { Open311RequestRecord, Open311RequestUpdateRecord } from '../../infrastructure/database/entities/open311.entities';

/** Intake's consumer and inbox name. */

@Injectable()
export class ProjectCaseEventHandler {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Keeps the Open311 view of the case current, once per event. */
  async execute(event: CaseEvent): Promise<'projected' | 'duplicate'> {
    const result = await processOnce(this.dataSource, INTAKE_CONSUMER.consumerName, event, (manager) => this.project(manager, event));
    return result.status === 'duplicate' ? 'duplicate' : 'projected';
  }

  private async project(manager: EntityManager, event: CaseEvent): Promise<void> {
    const { caseId } = event;
    const repository = manager.getRepository(Open311RequestRecord);
    // The row is the case's lock, as in audit's case view.
    await manager.createQueryBuilder().insert().into(Open311RequestRecord).values({ caseId }).orIgnore().execute();
    const current = await repository.createQueryBuilder('request').setLock('pessimistic_write').where('request.case_id = :caseId', { caseId }).getOneOrFail();
    const { state, update } = projectOpen311Event(current, event);
    await repository.update({ caseId }, { ...state, status: state.caseStatus ? toOpen311Status(state.caseStatus) : null });
    if (update) {
      await manager.createQueryBuilder().insert().into(Open311RequestUpdateRecord).values({ updateId: event.eventId, caseId, ...update }).orIgnore().execute();
    }
  }
}
