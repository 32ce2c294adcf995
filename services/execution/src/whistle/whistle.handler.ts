import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { transition } from '@hotline/case-lifecycle';
import { newCaseEvent } from '@hotline/contracts';
import { appendToOutbox } from '@hotline/messaging';
import { isVisibleToUnit, roleOfUnit, type UnitActionError } from '../domain/assignment';
import { AssignmentRepository } from '../infrastructure/database/assignment.repository';
import { toSummonsView, type CheckInRequest, type SummonsList, type SummonsRow, type SummonsView, type WhistleRequest, type WhistleView } from './whistle.request';

type Refusal = UnitActionError | { code: 'CHECK_IN.ALREADY_EXISTS' | 'VALIDATION.FAILED'; message: string; field?: string };

export type WhistleResult = { status: 'blown'; whistle: WhistleView } | { status: 'not_visible' } | { status: 'refused'; error: Refusal };
export type CheckInResult = { status: 'checked_in'; summons: SummonsView } | { status: 'not_summoned' } | { status: 'refused'; error: Refusal };
export type ListSummonsResult = { status: 'listed'; list: SummonsList } | { status: 'not_visible' };

const SUMMONS_COLUMNS = 'whistle_id, case_id, agency_id, summoned_by, summoned_at, arrive_by, checked_in_at, missed_at, whistle_event_id, correlation_id';

@Injectable()
export class WhistleHandler {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * 吹哨: the unit that holds the case (a street office) summons departments to the spot. Each summons
   * and `case.whistle_blown` commit together; the departments check in by `arriveBy`.
   */
  async blow(caseId: string, request: WhistleRequest & { agencyId: string }): Promise<WhistleResult> {
    return this.dataSource.transaction(async (manager): Promise<WhistleResult> => {
      const current = await new AssignmentRepository(manager).findForShare(caseId);
      const role = current ? roleOfUnit(current, request.agencyId) : null;
      if (!current || role === null) return { status: 'not_visible' };
      if (role !== 'lead') {
        return {
          status: 'refused',
          error: { code: 'CASE.WRONG_AGENCY', message: `case ${caseId}: only the unit that holds it (${current.agencyId}) summons departments (吹哨)` },
        };
      }
      const move = transition(current.status, 'case.whistle_blown');
      if (!move.ok) return { status: 'refused', error: move.error };
      if (request.agencyIds.includes(request.agencyId)) {
        return { status: 'refused', error: { code: 'VALIDATION.FAILED', message: 'The request body is invalid: agencyIds must not name your own unit', field: 'agencyIds' } };
      }
      const now = new Date();
      const arriveBy = new Date(now.getTime() + request.arriveWithinMinutes * 60_000);
      const whistleId = randomUUID();
      const note = request.note ?? null;
      const event = newCaseEvent({
        type: 'case.whistle_blown',
        caseId,
        producer: 'execution',
        occurredAt: now,
        payload: { whistleId, agencyId: current.agencyId, summonedAgencyIds: request.agencyIds, arriveBy: arriveBy.toISOString(), note },
        cause: { eventId: current.dispatchEventId, correlationId: current.correlationId },
      });
      const rows = await manager.query<SummonsRow[]>(
        `INSERT INTO execution.whistle_summons (whistle_id, agency_id, case_id, summoned_by, summoned_at, arrive_by, whistle_event_id, correlation_id)
         SELECT $1, agency_id, $2, $3, $4, $5, $6, $7 FROM unnest($8::text[]) AS summoned(agency_id)
         RETURNING ${SUMMONS_COLUMNS}`,
        [whistleId, caseId, current.agencyId, now, arriveBy, event.eventId, current.correlationId, request.agencyIds],
      );
      await appendToOutbox(manager, [event]);
      return { status: 'blown', whistle: { whistleId, caseId, agencyId: current.agencyId, summoned: rows.map(toSummonsView) } };
    });
  }

  /** 报到: a summoned department checks in to its latest open summons on the case, on time or late. */
  async checkIn(caseId: string, request: CheckInRequest & { agencyId: string }): Promise<CheckInResult> {
    return this.dataSource.transaction(async (manager): Promise<CheckInResult> => {
      const summons = await manager.query<SummonsRow[]>(
        `SELECT ${SUMMONS_COLUMNS} FROM execution.whistle_summons WHERE case_id = $1 AND agency_id = $2 ORDER BY summoned_at DESC FOR UPDATE`,
        [caseId, request.agencyId],
      );
      if (summons.length === 0) return { status: 'not_summoned' };
      const open = summons.find((row) => row.checked_in_at === null);
      if (!open) {
        return {
          status: 'refused',
          error: { code: 'CHECK_IN.ALREADY_EXISTS', message: `${request.agencyId} already checked in on case ${caseId} (at ${summons[0].checked_in_at?.toISOString()})` },
        };
      }
      const current = await new AssignmentRepository(manager).find(caseId);
      if (current) {
        const move = transition(current.status, 'case.checked_in');
        if (!move.ok) return { status: 'refused', error: move.error };
      }
      const now = new Date();
      const lateMs = now.getTime() - open.arrive_by.getTime();
      const note = request.note ?? null;
      await manager.query('UPDATE execution.whistle_summons SET checked_in_at = $3 WHERE whistle_id = $1 AND agency_id = $2', [open.whistle_id, open.agency_id, now]);
      const event = newCaseEvent({
        type: 'case.checked_in',
        caseId,
        producer: 'execution',
        occurredAt: now,
        payload: {
          whistleId: open.whistle_id,
          agencyId: request.agencyId,
          arriveBy: open.arrive_by.toISOString(),
          isLate: lateMs > 0,
          lateByMinutes: lateMs > 0 ? Math.ceil(lateMs / 60_000) : 0,
          note,
        },
        cause: { eventId: open.whistle_event_id, correlationId: open.correlation_id },
      });
      await appendToOutbox(manager, [event]);
      return { status: 'checked_in', summons: toSummonsView({ ...open, checked_in_at: now }) };
    });
  }

  /** The whistles of a case: for the units that hold, co-handle or watch it, and for the departments summoned. */
  async list(caseId: string, agencyId: string): Promise<ListSummonsResult> {
    const rows = await this.dataSource.query<SummonsRow[]>(
      `SELECT ${SUMMONS_COLUMNS} FROM execution.whistle_summons WHERE case_id = $1 ORDER BY summoned_at, agency_id`,
      [caseId],
    );
    const assignment = await new AssignmentRepository(this.dataSource.manager).find(caseId);
    const isSummoned = rows.some((row) => row.agency_id === agencyId);
    if (!isSummoned && !(assignment && isVisibleToUnit(assignment, agencyId))) return { status: 'not_visible' };
    return { status: 'listed', list: { caseId, summons: rows.map(toSummonsView) } };
  }
}
