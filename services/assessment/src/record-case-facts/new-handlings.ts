import type { BatchWork } from '@hotline/messaging';
import type { FactsRepository, HandlingRound, NewHandling, UnitOnFile } from '../infrastructure/database/facts.repository';

/**
 * The rounds a batch's dispatches open, and the units they name, kept in memory and written when the batch
 * ends: one statement for the units and one for the rounds, not two for each dispatch. Anything that reads
 * or changes a round first writes them (`flush`), so a later event of the same batch finds its round.
 */
export class NewHandlings implements BatchWork {
  private readonly units = new Map<string, UnitOnFile>();
  private readonly rounds: NewHandling[] = [];

  constructor(private readonly facts: FactsRepository) {}

  add(unit: UnitOnFile, round: NewHandling): void {
    // The last name a batch gives a unit is the one kept, as when each dispatch wrote it.
    this.units.delete(unit.agencyId);
    this.units.set(unit.agencyId, unit);
    this.rounds.push(round);
  }

  async flush(): Promise<void> {
    await this.write();
  }

  /** Writes what the batch added since it last wrote; answers the rounds it put in (those already there were left as they were). */
  async write(): Promise<readonly HandlingRound[]> {
    if (this.units.size > 0) {
      const units = [...this.units.values()];
      this.units.clear();
      await this.facts.upsertAgencies(units);
    }
    if (this.rounds.length === 0) return [];
    return this.facts.insertHandlings(this.rounds.splice(0));
  }
}
