import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ClockBudget } from '@hotline/case-lifecycle';
import { readClock } from '../domain/clock-moves';
import { CalendarRepository } from '../infrastructure/database/calendar.repository';
import { ClockRepository } from '../infrastructure/database/clock.repository';
import type { ClockView, OverdueItem } from './read-clocks.contract';

@Injectable()
export class ReadClocksHandler {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The clocks of the case's current round; undefined when the case has none (never dispatched). */
  async ofCase(caseId: string, now = new Date()): Promise<ClockView[] | undefined> {
    const manager = this.dataSource.manager;
    const repository = new ClockRepository(manager);
    const all = await repository.ofCase(caseId);
    if (all.length === 0) return undefined;
    const round = Math.max(...all.map((clock) => clock.round));
    const fired = await repository.firedTimers(caseId, round);
    const calendar = await new CalendarRepository(manager).calendar();
    return all
      .filter((clock) => clock.round === round)
      .map((clock) => ({
        clock: clock.clock,
        round: clock.round,
        agencyId: clock.agencyId,
        unit: clock.unit,
        startedAt: clock.startedAt.toISOString(),
        deadline: clock.deadline?.toISOString() ?? null,
        ...readClock(new ClockBudget(clock.unit, calendar), clock, now),
        stoppedAt: clock.stoppedAt?.toISOString() ?? null,
        stopReason: clock.stopReason,
        calendarError: clock.calendarError,
        fired: (fired.get(clock.clock) ?? []).map((timer) => ({ ...timer, firedAt: timer.firedAt.toISOString() })),
      }));
  }

  async overdueOf(agencyId: string, limit: number, now = new Date()): Promise<OverdueItem[]> {
    const clocks = await new ClockRepository(this.dataSource.manager).overdueOf(agencyId, now, limit);
    return clocks.map((clock) => ({
      caseId: clock.caseId,
      clock: clock.clock,
      round: clock.round,
      deadline: (clock.deadline ?? now).toISOString(),
      overdueMs: now.getTime() - (clock.deadline ?? now).getTime(),
    }));
  }
}
