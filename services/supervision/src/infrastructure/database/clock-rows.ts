import type { EntityManager } from 'typeorm';
import { SLA_CLOCK_NAMES } from '@hotline/contracts';
import type { BatchWork } from '@hotline/messaging';
import type { PlannedTimer } from '../../domain/clock-plan';
import { ClockRepository, type ClockRecord } from './clock.repository';

type ClockKey = string;
const keyOf = (clock: Pick<ClockRecord, 'caseId' | 'round' | 'clock'>): ClockKey => `${clock.caseId}/${clock.round}/${clock.clock}`;
const clockOrder = (clock: Pick<ClockRecord, 'clock'>): number => SLA_CLOCK_NAMES.indexOf(clock.clock);

/**
 * The clocks of a batch's cases and the timers planned for them. The first use locks and reads every
 * clock of those cases in one statement; the events of the batch then start, stop, pause and move them
 * in memory, and `flush` writes the outcome in two statements at most: the clocks started and the clocks
 * changed, each with its latest plan (a clock's unfired timers are a column of its row). A plan that a
 * later event of the batch replaced is never written.
 */
export class ClockRows implements BatchWork {
  private readonly repository: ClockRepository;
  private readonly caseIds: readonly string[];
  /** Every clock of the batch's cases, as the batch left it so far, by case. */
  private clocks: Map<string, Map<ClockKey, ClockRecord>> | undefined;
  /** Keys of the clocks the table already had (the others were started in this batch). */
  private readonly stored = new Set<ClockKey>();
  private readonly started = new Set<ClockKey>();
  private readonly changed = new Set<ClockKey>();
  /** The timers to write for a clock: the plan of its last change in this batch. */
  private readonly plans = new Map<ClockKey, readonly PlannedTimer[]>();

  constructor(manager: EntityManager, caseIds: Iterable<string>) {
    this.repository = new ClockRepository(manager);
    this.caseIds = [...new Set(caseIds)];
  }

  /** A round's clocks in the order sign, first contact, feedback (those started earlier in the batch included). */
  async ofRound(caseId: string, round: number): Promise<ClockRecord[]> {
    const ofCase = (await this.load()).get(caseId)?.values() ?? [];
    return [...ofCase].filter((clock) => clock.round === round).sort((a, b) => clockOrder(a) - clockOrder(b));
  }

  /** A clock that starts now, with its timers. One the table already holds is left as it is (as `insertAll` would). */
  async start(clock: ClockRecord, timers: readonly PlannedTimer[]): Promise<void> {
    const clocks = await this.load();
    const key = keyOf(clock);
    this.plans.set(key, timers);
    if (this.stored.has(key)) return;
    clocks.set(clock.caseId, (clocks.get(clock.caseId) ?? new Map<ClockKey, ClockRecord>()).set(key, clock));
    this.started.add(key);
  }

  /** A clock read through `ofRound` that an event changed, and the timers that replace its unfired ones. */
  async change(clock: ClockRecord, timers: readonly PlannedTimer[]): Promise<void> {
    const ofCase = (await this.load()).get(clock.caseId);
    const key = keyOf(clock);
    if (!ofCase?.has(key)) throw new Error(`ClockRows: clock ${key} was not read in this batch`);
    ofCase.set(key, clock);
    this.plans.set(key, timers);
    if (this.stored.has(key)) this.changed.add(key);
  }

  async flush(): Promise<void> {
    if (!this.clocks) return;
    const byKey = new Map([...this.clocks.values()].flatMap((ofCase) => [...ofCase]));
    const planned = (keys: Iterable<ClockKey>) => [...keys].map((key) => ({ clock: byKey.get(key)!, timers: this.plans.get(key) ?? [] }));
    await this.repository.insertAll(planned(this.started));
    await this.repository.updateAll(planned(this.changed));
    for (const key of this.started) this.stored.add(key);
    this.started.clear();
    this.changed.clear();
    this.plans.clear();
  }

  private async load(): Promise<Map<string, Map<ClockKey, ClockRecord>>> {
    if (this.clocks) return this.clocks;
    const clocks = new Map<string, Map<ClockKey, ClockRecord>>();
    for (const clock of await this.repository.lockOfCases(this.caseIds)) {
      clocks.set(clock.caseId, (clocks.get(clock.caseId) ?? new Map<ClockKey, ClockRecord>()).set(keyOf(clock), clock));
      this.stored.add(keyOf(clock));
    }
    this.clocks = clocks;
    return clocks;
  }
}
