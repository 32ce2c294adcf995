import type { BatchWork } from '@hotline/messaging';
import type { FactsRepository } from '../infrastructure/database/facts.repository';

/**
 * What a batch's events say about its cases (received, classified, merged), merged per case in memory and
 * written when the batch ends: one statement for each set of columns changed, not one for each event.
 */
export class CaseChanges implements BatchWork {
  private readonly changes = new Map<string, Record<string, unknown>>();

  constructor(private readonly facts: FactsRepository) {}

  set(caseId: string, fields: Record<string, unknown>): void {
    this.changes.set(caseId, { ...this.changes.get(caseId), ...fields });
  }

  async flush(): Promise<void> {
    const byColumns = new Map<string, { caseId: string; fields: Record<string, unknown> }[]>();
    for (const [caseId, fields] of this.changes) {
      const columns = Object.keys(fields).sort().join(',');
      byColumns.set(columns, [...(byColumns.get(columns) ?? []), { caseId, fields }]);
    }
    this.changes.clear();
    for (const [columns, changes] of byColumns) await this.facts.updateCases(columns.split(','), changes);
  }
}
