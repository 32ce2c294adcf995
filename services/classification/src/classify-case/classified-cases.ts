import type { EntityManager } from 'typeorm';
import type { CaseEvent } from '@hotline/contracts';
import { withBatchWork, type BatchWork } from '@hotline/messaging';
import { insertRows } from '@hotline/persistence';
import type { OpenCase } from '../domain/triage/repeat-request';
import { ClassificationRecord } from '../infrastructure/database/entities/classification.entity';
import { OpenCasesRepository } from '../infrastructure/database/open-cases.repository';

const CLASSIFIED_CASES = Symbol('classification.classified-cases');

export type NewClassification = Omit<ClassificationRecord, 'createdAt'>;

/**
 * The cases a consumer batch classified: their classification records and open cases, kept in memory and
 * written when the batch ends, one statement for each table. Whatever reads either table in the batch
 * writes them first (`writeOpenCases`, `write`): 并案 looks for repeats among the open cases before it
 * classifies the next case, so with merging on the open cases go in one by one and only the records wait.
 */
export class ClassifiedCases implements BatchWork {
  private readonly classifications = new Map<string, NewClassification>();
  private readonly openCases: OpenCase[] = [];

  constructor(private readonly manager: EntityManager) {}

  /** Whether this batch classified the case (its record not written yet). */
  has(caseId: string): boolean {
    return this.classifications.has(caseId);
  }

  add(classification: NewClassification, openCase: OpenCase): void {
    this.classifications.set(classification.caseId, classification);
    this.openCases.push(openCase);
  }

  async writeOpenCases(): Promise<void> {
    if (this.openCases.length === 0) return;
    await new OpenCasesRepository(this.manager).addAll(this.openCases.splice(0));
  }

  async flush(): Promise<void> {
    if (this.classifications.size > 0) {
      const rows = [...this.classifications.values()];
      this.classifications.clear();
      await insertRows(this.manager, ClassificationRecord, rows);
    }
    await this.writeOpenCases();
  }
}

/** The batch's classified cases (outside a batch: one event's, written when `use` returns). */
export function withClassifiedCases<T>(manager: EntityManager, event: CaseEvent, use: (cases: ClassifiedCases) => Promise<T>): Promise<T> {
  return withBatchWork(manager, CLASSIFIED_CASES, event, () => new ClassifiedCases(manager), use);
}

/** Writes what the batch classified so far, before a statement reads classifications or open cases. */
export function writeClassifiedCases(manager: EntityManager, event: CaseEvent): Promise<void> {
  return withClassifiedCases(manager, event, (cases) => cases.flush());
}
