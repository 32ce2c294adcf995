import type { EntityManager } from 'typeorm';
import type { CaseStatusOrInitial } from '@hotline/case-lifecycle';
import type { CaseEvent } from '@hotline/contracts';
import { withBatchWork, type BatchWork } from '@hotline/messaging';
import { insertRows } from '@hotline/persistence';
import type { OpenCase } from '../domain/triage/repeat-request';
import { ClassificationRecord } from '../infrastructure/database/entities/classification.entity';
import { OpenCasesRepository } from '../infrastructure/database/open-cases.repository';

const CLASSIFIED_CASES = Symbol('classification.classified-cases');

export type NewClassification = Omit<ClassificationRecord, 'createdAt'>;

/**
 * Where classification left each case (null: never seen), for many cases in one statement: classified,
 * else its triage outcome, else where its grid report stands.
 */
const STATUSES_SQL = `
  SELECT DISTINCT ON (case_id) case_id, status FROM (
    SELECT case_id, 'classified' AS status, 1 AS rank FROM classification.classifications WHERE case_id = ANY($1::uuid[])
    UNION ALL SELECT case_id, outcome, 2 FROM classification.triage_outcomes WHERE case_id = ANY($1::uuid[])
    UNION ALL SELECT case_id, CASE status WHEN 'pending' THEN 'received' WHEN 'filed' THEN 'classified' ELSE 'not_filed' END, 3
                FROM classification.grid_reports WHERE case_id = ANY($1::uuid[])) s
   ORDER BY case_id, rank`;

/**
 * The cases of a consumer batch as classification sees them. Where each stood before the batch is read for
 * all of them in one statement on first use, and what the batch decides is kept over it. The batch's
 * classification records, open cases and the open cases it closed or reopened are kept in memory and
 * written when it ends, one statement for each. Whatever reads either table in the batch writes them first (`writeOpenCases`, `flush`):
 * 并案 looks for repeats among the open cases before it classifies the next case, so with merging on the
 * open cases go in one by one and only the records wait.
 */
export class ClassifiedCases implements BatchWork {
  private readonly classifications = new Map<string, NewClassification>();
  private readonly openCases: OpenCase[] = [];
  /** A case's open case closed (a time) or open again (null), by case, the batch's last word on each. */
  private readonly closings = new Map<string, Date | null>();
  private readonly decided = new Map<string, CaseStatusOrInitial>();
  private before: Map<string, CaseStatusOrInitial> | undefined;

  constructor(
    private readonly manager: EntityManager,
    private readonly caseIds: readonly string[],
  ) {}

  /** Where classification last left the case (null: never seen), this batch's decisions included. */
  async statusOf(caseId: string): Promise<CaseStatusOrInitial> {
    const decided = this.decided.get(caseId);
    if (decided !== undefined) return decided;
    this.before ??= await this.readStatuses();
    return this.before.get(caseId) ?? null;
  }

  /** What the batch decided for a case that it writes at once (a triage outcome, a grid report held). */
  decide(caseId: string, status: CaseStatusOrInitial): void {
    this.decided.set(caseId, status);
  }

  add(classification: NewClassification, openCase: OpenCase): void {
    this.classifications.set(classification.caseId, classification);
    this.decided.set(classification.caseId, 'classified');
    this.openCases.push(openCase);
  }

  /** The case was closed or merged (a time), or reopened (null): its open case stops or starts taking repeats. */
  setClosedAt(caseId: string, closedAt: Date | null): void {
    this.closings.set(caseId, closedAt);
  }

  /** The open cases added and closed so far, before 并案 reads them: one statement each. */
  async writeOpenCases(): Promise<void> {
    const openCases = new OpenCasesRepository(this.manager);
    if (this.openCases.length > 0) await openCases.addAll(this.openCases.splice(0));
    if (this.closings.size > 0) {
      const closings = [...this.closings];
      this.closings.clear();
      await openCases.setClosedAt(closings);
    }
  }

  async flush(): Promise<void> {
    if (this.classifications.size > 0) {
      const rows = [...this.classifications.values()];
      this.classifications.clear();
      await insertRows(this.manager, ClassificationRecord, rows);
    }
    await this.writeOpenCases();
  }

  private async readStatuses(): Promise<Map<string, CaseStatusOrInitial>> {
    const rows = await this.manager.query<Array<{ case_id: string; status: CaseStatusOrInitial }>>(STATUSES_SQL, [[...new Set(this.caseIds)]]);
    return new Map(rows.map((row) => [row.case_id, row.status]));
  }
}

/** The batch's classified cases (outside a batch: one event's, written when `use` returns). */
export function withClassifiedCases<T>(manager: EntityManager, event: CaseEvent, use: (cases: ClassifiedCases) => Promise<T>): Promise<T> {
  return withBatchWork(manager, CLASSIFIED_CASES, event, (events) => new ClassifiedCases(manager, events.map((e) => e.caseId)), use);
}

/** Writes what the batch classified so far, before a statement reads classifications or open cases. */
export function writeClassifiedCases(manager: EntityManager, event: CaseEvent): Promise<void> {
  return withClassifiedCases(manager, event, (cases) => cases.flush());
}
