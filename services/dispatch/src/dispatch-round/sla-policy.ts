import { WorkingCalendar, computeDeadline, type SlaClock } from '@hotline/case-lifecycle';
import type { Urgency } from '@hotline/contracts';
import { slaClockKey, type ReferenceSnapshot } from '../reference-data/reference-data.cache';

export type DeadlineOutcome = { ok: true; clock: SlaClock; deadline: Date } | { ok: false; code: string; message: string };

/**
 * The feedback deadline of a dispatch: the clock of the case's urgency in the configured SLA profile.
 * Working-time clocks need the holiday calendar; a year without official data is not guessed.
 */
export class SlaPolicy {
  private readonly calendar = new WorkingCalendar();

  constructor(private readonly profileId: string) {}

  deadlineFor(reference: Pick<ReferenceSnapshot, 'slaClocks'>, urgency: Urgency, start: Date): DeadlineOutcome {
    const clock = reference.slaClocks.get(slaClockKey(this.profileId, urgency));
    if (!clock) {
      return { ok: false, code: 'SLA.PROFILE_MISSING', message: `SLA profile ${this.profileId} has no clock for urgency ${urgency}` };
    }
    const result = computeDeadline({ start, clock, calendar: this.calendar });
    return result.ok ? { ok: true, clock, deadline: result.deadline } : { ok: false, code: result.error.code, message: result.error.message };
  }
}
