import type { BatchWork } from '@hotline/messaging';
import type { FactsRepository, HandlingRound, TouchedRow } from '../infrastructure/database/facts.repository';
import type { NewHandlings } from './new-handlings';

/** Which round an event changes: the case's latest held by `agencyId` (by any unit when null), or the given one. */
export interface RoundTarget {
  caseId: string;
  agencyId: string | null;
  round?: number;
}

/** What an event does to a round, given the round as it stands in the batch. */
export type RoundChange = (round: Readonly<HandlingRound>) => Partial<HandlingRound>;

/**
 * The handling rounds of a batch's cases, read and locked in one statement when the first event changes one
 * (in key order, so two batches never wait for each other in a cycle), changed in memory by the batch's events
 * in order, and written in one statement when the batch ends: not one UPDATE for each signing, reply and
 * follow-up call. Rounds the batch opens (`NewHandlings`) are written when the next change comes and join the
 * ones in memory as the insert returned them.
 */
export class HandlingRounds implements BatchWork {
  private byCase: Map<string, HandlingRound[]> | undefined;
  private readonly changed = new Set<HandlingRound>();

  constructor(
    private readonly facts: FactsRepository,
    private readonly newHandlings: NewHandlings,
    private readonly caseIds: readonly string[],
  ) {}

  /** Applies `change` to the target round; says which month and unit the round counts for, undefined when there is none. */
  async change(target: RoundTarget, change: RoundChange): Promise<(TouchedRow & { round: number }) | undefined> {
    const byCase = await this.current();
    const row = (byCase.get(target.caseId) ?? []).findLast((round) => (target.agencyId === null || round.agency_id === target.agencyId) && (target.round === undefined || round.round === target.round));
    if (!row) return undefined;
    Object.assign(row, change(row));
    this.changed.add(row);
    return { month: row.month, agencyId: row.agency_id, round: row.round };
  }

  /** The case's latest round held by `agencyId`, if any. */
  async latestRound(caseId: string, agencyId: string): Promise<number | undefined> {
    const held = ((await this.current()).get(caseId) ?? []).filter((round) => round.agency_id === agencyId);
    return held.at(-1)?.round;
  }

  async flush(): Promise<void> {
    if (this.changed.size === 0) return;
    const rows = [...this.changed];
    this.changed.clear();
    await this.facts.writeRounds(rows);
  }

  /** The batch's rounds, with those opened since the last look written and added. */
  private async current(): Promise<Map<string, HandlingRound[]>> {
    const byCase = (this.byCase ??= await this.load());
    // Rounds opened after the batch's rounds were locked: rows the table did not have, as the insert returned them.
    for (const opened of await this.newHandlings.write()) {
      byCase.set(opened.case_id, [...(byCase.get(opened.case_id) ?? []), opened].sort((a, b) => a.round - b.round));
    }
    return byCase;
  }

  private async load(): Promise<Map<string, HandlingRound[]>> {
    // Rounds opened earlier in the batch are written first, so they are read (and locked) with the others.
    await this.newHandlings.write();
    const byCase = new Map<string, HandlingRound[]>();
    for (const row of await this.facts.lockRounds(this.caseIds)) byCase.set(row.case_id, [...(byCase.get(row.case_id) ?? []), row]);
    return byCase;
  }
}
