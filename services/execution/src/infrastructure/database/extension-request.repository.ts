import type { EntityManager } from 'typeorm';
import { ExtensionRequestRecord, type ExtensionRequestStatus } from './entities/extension-request.entity';

/** A case's extension requests inside the caller's transaction. */
export class ExtensionRequestRepository {
  constructor(private readonly manager: EntityManager) {}

  /** The requests that count against EXTENSION_MAX_PER_CASE (granted or waiting), and the next number. */
  async tally(caseId: string): Promise<{ counted: number; nextNumber: number }> {
    const [row] = await this.manager.query<{ counted: number; last: number }[]>(
      `SELECT count(*) FILTER (WHERE status <> 'rejected')::int AS counted, coalesce(max(number), 0)::int AS last
         FROM extension_requests WHERE case_id = $1`,
      [caseId],
    );
    return { counted: row?.counted ?? 0, nextNumber: (row?.last ?? 0) + 1 };
  }

  async insert(record: ExtensionRequestRecord): Promise<void> {
    await this.manager.getRepository(ExtensionRequestRecord).insert(record);
  }

  /** Settles the case's pending request, if there is one (the centre's decision arrives as an event). */
  async decidePending(caseId: string, status: Exclude<ExtensionRequestStatus, 'pending'>, decidedAt: Date): Promise<void> {
    await this.manager.getRepository(ExtensionRequestRecord).update({ caseId, status: 'pending' }, { status, decidedAt });
  }
}
