import type { CaseEventType } from './case-event-type';
import type { CaseStatus } from './case-status';
import { transition, type IllegalTransitionError } from './transition';
import { TRANSITIONS } from './transitions';

export type StatusMove = { ok: true; to: CaseStatus } | { ok: false; error: IllegalTransitionError };

/**
 * Follows the case lifecycle from this service's partial view of it. The events this service neither
 * consumes nor produces are invisible here, so `current` may lag behind the real status: an event is
 * legal if `transition()` allows it from `current` or from a status that untracked events lead to.
 * `current` is undefined when the service has no row yet: the status is then the event's destination.
 */
export function followStatus(input: {
  current: CaseStatus | undefined;
  event: CaseEventType;
  tracked: ReadonlySet<CaseEventType>;
}): StatusMove {
  const { current, event, tracked } = input;
  if (current === undefined) return destinationOf(event);
  const direct = transition(current, event);
  if (direct.ok) return { ok: true, to: direct.to };
  for (const status of reachableThroughUntracked(current, tracked)) {
    const move = transition(status, event);
    if (move.ok) return { ok: true, to: move.to };
  }
  return { ok: false, error: direct.error };
}

function reachableThroughUntracked(start: CaseStatus, tracked: ReadonlySet<CaseEventType>): CaseStatus[] {
  const seen = new Set<CaseStatus>([start]);
  const queue: CaseStatus[] = [start];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    for (const [event, to] of TRANSITIONS.get(next) ?? []) {
      if (tracked.has(event) || seen.has(to)) continue;
      seen.add(to);
      queue.push(to);
    }
  }
  seen.delete(start);
  return [...seen];
}

function destinationOf(event: CaseEventType): StatusMove {
  const destinations = new Set<CaseStatus>();
  for (const byEvent of TRANSITIONS.values()) {
    const to = byEvent.get(event);
    if (to !== undefined) destinations.add(to);
  }
  const [only] = destinations;
  if (destinations.size === 1 && only !== undefined) return { ok: true, to: only };
  return {
    ok: false,
    error: { code: 'CASE.ILLEGAL_TRANSITION', message: `${event} does not say which status the case is in; it cannot be the first event seen` },
  };
}
