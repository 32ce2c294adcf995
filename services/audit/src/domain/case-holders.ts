import type { CaseEvent } from '@hotline/contracts';

/** One stretch of time during which one unit held the case (承办), from its dispatch to what ended it. */
export interface CaseHolding {
  agencyId: string;
  agencyName: string;
  round: number;
  /** Units that only watched the case during this holding (a street's district government). */
  copiedTo: string[];
  from: Date;
  /** When the holding ended; null while the unit still holds the case. */
  until: Date | null;
  /** The event that ended it: `case.redispatched` (改派), `case.dispatched` (a new round after a reopen), `case.closed` … */
  endedBy: string | null;
  /** The unit's latest return (退单) during the holding, whether upheld or not. */
  returnedAt: Date | null;
}

// After these the case is no longer any unit's to handle (until a reopen dispatches it again).
const ENDS_HOLDING: ReadonlySet<CaseEvent['type']> = new Set(['case.closed', 'case.answered', 'case.transferred', 'case.merged', 'case.declined']);

/** Who held the case and when, folded from its events in recorded order. */
export function caseHoldings(events: readonly CaseEvent[]): CaseHolding[] {
  const holdings: CaseHolding[] = [];
  const end = (at: Date, type: string) => {
    const open = holdings.at(-1);
    if (open && open.until === null) Object.assign(open, { until: at, endedBy: type });
  };
  for (const event of events) {
    const at = new Date(event.occurredAt);
    if (event.type === 'case.dispatched' || event.type === 'case.redispatched') {
      end(at, event.type);
      const { agencyId, agencyName, round, copiedToAgencyIds } = event.payload;
      holdings.push({ agencyId, agencyName, round, copiedTo: [...copiedToAgencyIds], from: at, until: null, endedBy: null, returnedAt: null });
    } else if (event.type === 'case.dispute_raised') {
      const open = holdings.at(-1);
      if (open && open.until === null && open.agencyId === event.payload.agencyId) open.returnedAt = at;
    } else if (ENDS_HOLDING.has(event.type)) {
      end(at, event.type);
    }
  }
  return holdings;
}
