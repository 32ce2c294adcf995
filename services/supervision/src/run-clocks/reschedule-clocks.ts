import type { EntityManager } from 'typeorm';
import { ClockBudget, clockFromSpec, type WorkingCalendar } from '@hotline/case-lifecycle';
import { planTimers } from '../domain/clock-plan';
import { ClockRepository, type PlannedClock } from '../infrastructure/database/clock.repository';
import { SlaProfileRepository } from '../infrastructure/database/sla-profile.repository';

/**
 * Schedules again the open clocks the calendar could not place (a year without holiday data), once
 * operators have filled the year in. Runs in the caller's transaction; returns how many now run on time.
 */
export async function rescheduleUnplacedClocks(manager: EntityManager, calendar: WorkingCalendar): Promise<number> {
  const clocks = new ClockRepository(manager);
  const profiles = new SlaProfileRepository(manager);
  const unplaced = await clocks.unplaced();
  const placed: PlannedClock[] = [];
  for (const { clock, profileId } of unplaced) {
    const profile = profileId === null ? undefined : await profiles.find(profileId);
    const spec = profile === undefined ? undefined : clockFromSpec(profile.clocks[clock.clock]);
    if (spec === undefined || !spec.ok) continue;
    const budget = new ClockBudget(clock.unit, calendar);
    const allowed = clock.allowedMs === null ? budget.allowedFrom(clock.startedAt, spec.clock) : { ok: true as const, value: { allowedMs: clock.allowedMs } };
    if (!allowed.ok) continue;
    const allowedMs = allowed.value.allowedMs;
    const from = clock.runningSince ?? clock.pausedAt ?? clock.startedAt;
    const deadline = budget.advance(from.getTime(), allowedMs - clock.consumedMs);
    if (!deadline.ok) continue;
    const next = { ...clock, allowedMs, deadline: new Date(deadline.value), calendarError: null };
    const plan = planTimers(budget, { ...next, allowedMs }, { warningFractions: next.warningFractions, escalateAfterMs: next.escalateAfterMs });
    if (!plan.ok) continue;
    placed.push({ clock: next, timers: plan.value });
  }
  // The clocks and their new plans (which replace the old ones' unfired timers) in one statement.
  await clocks.updateAll(placed);
  return placed.length;
}
