import type { DataSource, EntityManager } from 'typeorm';
import type { CaseEvent } from '@hotline/contracts';
import { claimInboxRow, currentBatchScope } from './batch-scope';

export type ProcessOnceResult<T> = { status: 'processed'; value: T } | { status: 'duplicate' };

/**
 * Runs `effect` and records the event in the inbox in one transaction. A redelivered event (after a
 * crash between the commit and the Kafka offset commit) finds its inbox row and is skipped.
 *
 * Inside a consumer batch the transaction is the batch's: the transport has already claimed the
 * inbox rows of the whole batch in one statement, so only the effect runs here.
 */
export async function processOnce<T>(
  dataSource: DataSource,
  consumer: string,
  event: Pick<CaseEvent, 'eventId' | 'type'>,
  effect: (manager: EntityManager) => Promise<T>,
): Promise<ProcessOnceResult<T>> {
  const scope = currentBatchScope();
  if (scope && scope.dataSource === dataSource && scope.consumer === consumer) {
    // Taken out of the set, so a second copy of the event in the same batch is a duplicate.
    const isClaimed = scope.claimed.delete(event.eventId) || (await claimInboxRow(scope.manager, consumer, event));
    if (!isClaimed) return { status: 'duplicate' };
    return { status: 'processed', value: await effect(scope.manager) };
  }
  return dataSource.transaction(async (manager) => {
    if (!(await claimInboxRow(manager, consumer, event))) return { status: 'duplicate' } as const;
    return { status: 'processed', value: await effect(manager) } as const;
  });
}
